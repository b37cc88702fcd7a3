package smtp

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"siteward/backend"
)

// certCheck decides whether the server's certificate is trusted, and
// remembers what it saw so a failure can tell the office what to do.
//
// Two ways to trust: the usual one (the certificate chains to an authority
// this computer trusts and names the host), or a pinned SHA-256 fingerprint
// of the server's own certificate. The pin is for the office's own relay or
// NAS with a self-signed certificate: the test email shows the fingerprint
// the server presented, someone compares it with the server's, and pastes it
// into Settings > Email. A pin trusts exactly that certificate, whatever its
// name or expiry, and nothing else; when the server gets a new certificate
// the test email says so and shows the new fingerprint.
type certCheck struct {
	fingerprint string // normalised, or empty
	roots       *x509.CertPool

	seen   string // fingerprint of the certificate presented
	failed error
}

func (t *certCheck) config(host string) *tls.Config {
	return &tls.Config{
		ServerName: host,
		MinVersion: tls.VersionTLS12,
		// Verification is done in VerifyConnection (the documented way to
		// customise it), so both the pin and the usual check see the
		// certificate and can report its fingerprint.
		InsecureSkipVerify: true,
		VerifyConnection:   t.verify,
	}
}

func (t *certCheck) verify(cs tls.ConnectionState) error {
	if len(cs.PeerCertificates) == 0 {
		t.failed = errors.New("the server sent no certificate")
		return t.failed
	}
	leaf := cs.PeerCertificates[0]
	t.seen = Fingerprint(leaf)
	if t.fingerprint != "" {
		if t.seen != t.fingerprint {
			t.failed = fmt.Errorf("certificate fingerprint %s is not the trusted %s", t.seen, t.fingerprint)
			return t.failed
		}
		return nil
	}
	inter := x509.NewCertPool()
	for _, c := range cs.PeerCertificates[1:] {
		inter.AddCert(c)
	}
	if _, err := leaf.Verify(x509.VerifyOptions{DNSName: cs.ServerName, Roots: t.roots, Intermediates: inter}); err != nil {
		t.failed = err
		return err
	}
	return nil
}

// explain turns a failed connection into the message the office needs when
// the certificate was the reason; other errors pass through.
func (t *certCheck) explain(stage string, err error) error {
	if t.failed == nil {
		return err
	}
	var reply string
	if t.fingerprint != "" && t.seen != "" {
		reply = fmt.Sprintf("The server presented a certificate with SHA-256 fingerprint %s, not the trusted %s. "+
			"If the server's certificate was renewed, check the new fingerprint with whoever runs it and enter it in Settings > Email.",
			colons(t.seen), colons(t.fingerprint))
	} else if t.seen != "" {
		reply = fmt.Sprintf("The server's certificate is not trusted (%v). Its SHA-256 fingerprint is %s: "+
			"if that is your mail server's certificate, enter it as the trusted fingerprint in Settings > Email.",
			t.failed, colons(t.seen))
	} else {
		reply = "The server's certificate is not trusted: " + t.failed.Error()
	}
	return &backend.MailError{Failure: backend.MailTemporary, Stage: "TLS", Reply: reply, Connection: true, Err: err}
}

// Fingerprint is the SHA-256 of a certificate, as Siteward writes it
// (upper-case hex, no separators; see backend.NormalizeFingerprint).
func Fingerprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// colons writes a fingerprint as AB:CD:…, the way most tools show it.
func colons(fp string) string {
	var b strings.Builder
	for i := 0; i < len(fp); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(fp[i:min(i+2, len(fp))])
	}
	return b.String()
}
