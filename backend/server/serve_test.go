package server

import (
	"context"
	"crypto/tls"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// The same Main the commands use, on a temp folder and port 0: it serves
// the API and the UI, over TLS when asked, and stops when told.
func TestServeHTTPAndTLS(t *testing.T) {
	for _, mode := range []string{"off", "auto"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			m, err := Open(context.Background(), Config{DataDir: dir, Assets: fstest.MapFS{"index.html": {Data: []byte("<title>ok</title>")}}})
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			ctx, cancel := context.WithCancel(context.Background())
			ready := make(chan Listening, 1)
			done := make(chan error, 1)
			go func() {
				done <- m.Serve(ctx, ServeOptions{Addr: "127.0.0.1:0", TLS: mode}, func(l Listening) { ready <- l })
			}()
			var l Listening
			select {
			case l = <-ready:
			case err := <-done:
				t.Fatal(err)
			}
			client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
			resp, err := client.Get(l.URL + "/api/me")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 401 {
				t.Fatalf("GET /api/me: %d", resp.StatusCode)
			}
			if mode == "auto" {
				if !strings.HasPrefix(l.URL, "https://") || len(l.Fingerprint) != 64 {
					t.Fatalf("TLS listening = %+v", l)
				}
				if cs := resp.TLS; cs == nil || len(cs.PeerCertificates) == 0 {
					t.Fatal("no TLS on the connection")
				}
			} else if !strings.HasPrefix(l.URL, "http://") {
				t.Fatalf("URL %s", l.URL)
			}
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("serve returned %v", err)
				}
			case <-time.After(15 * time.Second):
				t.Fatal("serve did not stop")
			}
		})
	}
}
