// Package sync is the replica's half of offline sync over HTTP
// (docs/sync.md): enrolment with a pairing code, then push and pull rounds
// with the hub, each resumable after any interruption — pushes are
// idempotent by (site, sequence) and pulls move a durable cursor, stored in
// the same transaction as the changes it covers.
package sync

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"siteward/backend"
)

// BatchSize is how many changes one push or pull carries.
const BatchSize = 500

// Client syncs one replica with its hub.
type Client struct {
	Replica backend.SyncReplica
	// Files is the install's file store: the content of files it adds is
	// uploaded before the changes, and what it pulls rows for downloaded.
	Files backend.FileStore
	// HTTP is used as given when set (tests); otherwise one is made from
	// the replica's identity, pinning the hub's certificate when a pin is set.
	HTTP *http.Client
}

// Report says what one sync did.
type Report struct {
	Pushed      int   `json:"pushed"`
	Duplicates  int   `json:"duplicates"`
	Conflicts   int   `json:"conflicts"`
	Quarantined int   `json:"quarantined"`
	Pulled      int   `json:"pulled"`
	Cursor      int64 `json:"cursor"`
	Downloaded  int   `json:"downloaded"` // files fetched from the hub
}

// Sync pushes every waiting change, then pulls until the hub has no more.
// An error leaves what was done done: the next Sync resumes from there.
func (c *Client) Sync(ctx context.Context) (*Report, error) {
	id, err := c.Replica.Identity(ctx)
	if err != nil {
		return nil, err
	}
	hc := c.HTTP
	if hc == nil {
		hc = NewHTTPClient(id.HubPin)
	}
	rep := &Report{}
	for {
		pending, err := c.Replica.PendingChanges(ctx, BatchSize)
		if err != nil {
			return rep, err
		}
		if len(pending) == 0 {
			break
		}
		if err := c.uploadFiles(ctx, hc, id, pending); err != nil {
			return rep, err
		}
		b := id.Batch
		b.Changes = pending
		var res backend.PushResult
		if err := call(ctx, hc, id, "POST", "/api/sync/push", b, &res); err != nil {
			return rep, err
		}
		if err := c.Replica.AcknowledgePush(ctx, &res); err != nil {
			return rep, err
		}
		if len(res.MissingFiles) > 0 && res.LastSeq < pending[0].Seq {
			// Uploaded just now, yet the hub still lacks it: stop rather than loop.
			return rep, fmt.Errorf("the office hub still lacks file %s after it was uploaded; its changes wait", res.MissingFiles[0])
		}
		rep.Pushed += res.Applied + res.Quarantined
		rep.Duplicates += res.Duplicates
		rep.Conflicts += res.Conflicts
		rep.Quarantined += res.Quarantined
	}
	for {
		from, err := c.Replica.PullFrom(ctx)
		if err != nil {
			return rep, err
		}
		var b backend.PullBatch
		path := "/api/sync/pull?" + url.Values{"cursor": {strconv.FormatInt(from.Cursor, 10)}, "slice": {strconv.FormatInt(from.SliceGen, 10)},
			"users": {from.UsersSince}, "limit": {strconv.Itoa(BatchSize)}}.Encode()
		if err := call(ctx, hc, id, "GET", path, nil, &b); err != nil {
			return rep, err
		}
		if err := c.Replica.ApplyPull(ctx, &b); err != nil {
			return rep, err
		}
		rep.Pulled += len(b.Changes)
		rep.Cursor = b.Cursor
		if !b.More {
			n, err := c.downloadFiles(ctx, hc, id)
			rep.Downloaded = n
			return rep, err
		}
	}
}

// call sends one signed request and decodes the answer or the hub's error.
func call(ctx context.Context, hc *http.Client, id *backend.SyncIdentity, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(id.HubURL, "/")+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+id.Token)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("the office hub at %s cannot be reached: %w", id.HubURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return hubError(resp)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// hubError turns the hub's coded error answer into a backend.Error.
func hubError(resp *http.Response) error {
	var e struct {
		Error backend.Error `json:"error"`
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if json.Unmarshal(b, &e) == nil && e.Error.Code != "" {
		return &e.Error
	}
	return fmt.Errorf("the office hub answered %s", resp.Status)
}

// NewHTTPClient returns a client with timeouts; with a pin, it trusts only
// the hub certificate whose SHA-256 is pin (the office's own self-signed
// one, whose fingerprint `siteward serve` prints).
func NewHTTPClient(pin string) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if pin != "" {
		want, _ := hex.DecodeString(strings.ReplaceAll(strings.ToLower(pin), ":", ""))
		tr.TLSClientConfig = &tls.Config{
			InsecureSkipVerify: true, // replaced by the pin check below
			VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
				if len(raw) == 0 {
					return errors.New("the hub presented no certificate")
				}
				sum := sha256.Sum256(raw[0])
				if !bytes.Equal(sum[:], want) {
					return fmt.Errorf("the hub's certificate has fingerprint %x, not the one this install was enrolled with", sum)
				}
				return nil
			},
		}
	}
	return &http.Client{Transport: tr, Timeout: 5 * time.Minute}
}

// Enrol uses a pairing code at the hub and downloads the snapshot the new
// install starts from to snapshotPath (through write, which must write
// temp → fsync → rename). The returned join goes to JoinHub once the
// snapshot is opened as this install's database.
func Enrol(ctx context.Context, hc *http.Client, hubURL, pin, code string, write func(r io.Reader) error) (*backend.SyncJoin, error) {
	u, err := url.Parse(hubURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, backend.Errorf(backend.EINVALID, "The hub address must look like https://office-pc:8443.")
	}
	if hc == nil {
		hc = NewHTTPClient(pin)
	}
	base := strings.TrimSuffix(hubURL, "/")
	var e backend.SyncEnrolment
	if err := call(ctx, hc, &backend.SyncIdentity{HubURL: base}, "POST", "/api/sync/enrol", map[string]string{"code": code}, &e); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/api/sync/snapshot", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+e.Token)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("downloading the snapshot from %s: %w", base, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, hubError(resp)
	}
	cursor, err := strconv.ParseInt(resp.Header.Get(backend.SyncCursorHeader), 10, 64)
	if err != nil {
		return nil, errors.New("the hub's snapshot did not say where its log stood")
	}
	gen, _ := strconv.ParseInt(resp.Header.Get(backend.SyncSliceHeader), 10, 64)
	if err := write(resp.Body); err != nil {
		return nil, fmt.Errorf("saving the snapshot: %w", err)
	}
	return &backend.SyncJoin{SiteID: e.SiteID, Epoch: e.Epoch, Token: e.Token, UserID: e.UserID, HubURL: base, HubPin: pin, Cursor: cursor, SliceGen: gen}, nil
}
