package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"siteward/backend"
)

// ServeOptions says where and how the LAN server listens.
type ServeOptions struct {
	Addr string
	// TLS is "auto" (a certificate made on first run and kept in the data
	// folder), "off", or "CERT.pem,KEY.pem" supplied by the office. Empty
	// means "off" on a loopback address and "auto" otherwise.
	TLS string
}

// Listening describes a started server, for the banner.
type Listening struct {
	URL         string
	Fingerprint string // SHA-256 of the certificate, when serving TLS
}

// Serve listens and serves the API and UIs until ctx ends, then shuts down
// gracefully. ready is called once the port is open.
func (m *Main) Serve(ctx context.Context, opts ServeOptions, ready func(Listening)) error {
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return backend.Errorf(backend.EUNAVAILABLE, "The address %s is already in use; stop what uses it or choose another with --addr.", opts.Addr)
		}
		return backend.Errorf(backend.EINVALID, "Cannot listen on %s: %v.", opts.Addr, err)
	}
	mode := opts.TLS
	if mode == "" {
		mode = "auto"
		if isLoopback(ln.Addr()) {
			mode = "off"
		}
	}
	info := Listening{URL: "http://" + displayAddr(ln.Addr())}
	if mode != "off" {
		cert, fp, err := m.certificate(mode)
		if err != nil {
			ln.Close()
			return err
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
		info.URL, info.Fingerprint = "https://"+displayAddr(ln.Addr()), fp
		m.HTTP.SecureCookies = true
	}
	m.HTTP.ListenURL = info.URL // links in emails, until Settings names the portal's address
	m.listenURL.Store(info.URL)
	srv := &http.Server{
		Handler:           m.HTTP.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          nil,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready(info)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

// displayAddr turns a listener address into one a person can type.
func displayAddr(a net.Addr) string {
	ta, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	host := ta.IP.String()
	if ta.IP.IsUnspecified() {
		host = "localhost"
		if ip := lanIP(); ip != "" {
			host = ip
		}
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return fmt.Sprintf("%s:%d", host, ta.Port)
}

// lanIP returns the first private IPv4 address of this machine, for the
// URL customers on the LAN will type.
func lanIP() string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return ""
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && n.IP.IsPrivate() {
			return n.IP.String()
		}
	}
	return ""
}
