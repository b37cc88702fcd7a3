package server

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"siteward/backend"
)

// certificate loads the office's certificate ("cert.pem,key.pem") or, for
// "auto", the one made on first run in the data folder, and returns it with
// its SHA-256 fingerprint (shown in the banner and the workspace so a
// customer can check it).
func (m *Main) certificate(mode string) (tls.Certificate, string, error) {
	certFile, keyFile := filepath.Join(m.Config.DataDir, "tls", "cert.pem"), filepath.Join(m.Config.DataDir, "tls", "key.pem")
	if mode != "auto" {
		c, k, ok := strings.Cut(mode, ",")
		if !ok {
			return tls.Certificate{}, "", backend.Errorf(backend.EINVALID, "--tls takes auto, off, or CERT.pem,KEY.pem.")
		}
		certFile, keyFile = c, k
	} else if _, err := os.Stat(certFile); os.IsNotExist(err) {
		if err := writeSelfSigned(certFile, keyFile, m.Config.Now()); err != nil {
			return tls.Certificate{}, "", err
		}
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return tls.Certificate{}, "", backend.Errorf(backend.EINVALID, "Cannot load the TLS certificate %s: %v.", certFile, err)
	}
	sum := sha256.Sum256(cert.Certificate[0])
	return cert, strings.ToUpper(hex.EncodeToString(sum[:])), nil
}

func writeSelfSigned(certFile, keyFile string, now time.Time) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return err
	}
	host, _ := os.Hostname()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "Siteward on " + host, Organization: []string{"Siteward"}},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.AddDate(5, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	if host != "" {
		tmpl.DNSNames = append(tmpl.DNSNames, host, host+".local")
	}
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() {
				tmpl.IPAddresses = append(tmpl.IPAddresses, n.IP)
			}
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(certFile), 0o700); err != nil {
		return err
	}
	if err := backend.WriteFileAtomic(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return err
	}
	return backend.WriteFileAtomic(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
}
