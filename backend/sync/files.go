package sync

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"siteward/backend"
)

// Files move apart from the change log (docs/sync.md "Transport"):
// content-addressed, each transfer resuming from what the other side
// already holds, so a connection cut half-way through a large floorplan
// costs only the bytes not yet sent.

// uploadFiles sends the hub the content of every file a batch adds, before
// the batch.
func (c *Client) uploadFiles(ctx context.Context, hc *http.Client, id *backend.SyncIdentity, changes []backend.Change) error {
	for _, ch := range changes {
		if ch.Table != "files" || ch.Op == backend.OpDelete {
			continue
		}
		if err := c.uploadFile(ctx, hc, id, ch.RowID); err != nil {
			return err
		}
	}
	return nil
}

// uploadFile sends one file, or the rest of it.
func (c *Client) uploadFile(ctx context.Context, hc *http.Client, id *backend.SyncIdentity, sum string) error {
	if c.Files == nil {
		return fmt.Errorf("this install has no file store to upload %s from", sum)
	}
	f, err := c.Files.OpenFile(sum)
	if err != nil {
		return fmt.Errorf("file %s is not in this install's data folder: %w", sum, err)
	}
	defer f.Close()
	total, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	url := strings.TrimSuffix(id.HubURL, "/") + "/api/sync/files/" + sum
	for attempt := 0; attempt < 3; attempt++ {
		have, complete, err := hubHas(ctx, hc, id, url)
		if err != nil || complete {
			return err
		}
		if _, err := f.Seek(have, io.SeekStart); err != nil {
			return err
		}
		req, err := http.NewRequestWithContext(ctx, "PUT", url, io.NopCloser(f))
		if err != nil {
			return err
		}
		req.ContentLength = total - have
		req.Header.Set("Authorization", "Bearer "+id.Token)
		req.Header.Set("Content-Type", "application/octet-stream")
		if total > 0 {
			req.Header.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", have, total-1, total))
		}
		resp, err := hc.Do(req)
		if err != nil {
			return fmt.Errorf("uploading file %s to the office hub: %w", sum, err)
		}
		status := resp.StatusCode
		var herr error
		if status >= 300 {
			herr = hubError(resp)
		}
		resp.Body.Close()
		switch {
		case status == http.StatusOK:
			return nil
		case status == http.StatusConflict:
			continue // the hub holds a different amount than it said: ask again
		default:
			return fmt.Errorf("uploading file %s: %w", sum, herr)
		}
	}
	return fmt.Errorf("uploading file %s: the hub kept changing how much it holds", sum)
}

// hubHas asks how much of a file the hub holds.
func hubHas(ctx context.Context, hc *http.Client, id *backend.SyncIdentity, url string) (int64, bool, error) {
	req, err := http.NewRequestWithContext(ctx, "HEAD", url, nil)
	if err != nil {
		return 0, false, err
	}
	req.Header.Set("Authorization", "Bearer "+id.Token)
	resp, err := hc.Do(req)
	if err != nil {
		return 0, false, fmt.Errorf("the office hub at %s cannot be reached: %w", id.HubURL, err)
	}
	resp.Body.Close()
	have, _ := strconv.ParseInt(resp.Header.Get(backend.SyncReceivedHeader), 10, 64)
	switch resp.StatusCode {
	case http.StatusOK:
		return have, true, nil
	case http.StatusNotFound:
		return have, false, nil
	}
	return 0, false, fmt.Errorf("the office hub answered %s about a file", resp.Status)
}

// downloadFiles fetches the content of every file this install has a row
// for but not the bytes of, each resuming from what is already here.
func (c *Client) downloadFiles(ctx context.Context, hc *http.Client, id *backend.SyncIdentity) (int, error) {
	if c.Files == nil {
		return 0, nil
	}
	missing, err := c.Replica.MissingFiles(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, f := range missing {
		switch err := c.downloadFile(ctx, hc, id, f); {
		case backend.ErrorCode(err) == backend.ENOTFOUND:
			// The hub lacks it too (its own copy was lost): the rest still come.
		case err != nil:
			return n, err
		default:
			n++
		}
	}
	return n, nil
}

func (c *Client) downloadFile(ctx context.Context, hc *http.Client, id *backend.SyncIdentity, f backend.SyncFile) error {
	have, complete, err := c.Files.FileState(f.SHA256)
	if err != nil || complete {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, "GET", strings.TrimSuffix(id.HubURL, "/")+"/api/sync/files/"+f.SHA256, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+id.Token)
	if have > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", have))
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("downloading file %s from the office hub: %w", f.SHA256, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusPartialContent && have > 0, resp.StatusCode == http.StatusOK && have == 0:
	case resp.StatusCode == http.StatusNotFound:
		return hubError(resp)
	default:
		return fmt.Errorf("downloading file %s: %w", f.SHA256, hubError(resp))
	}
	if _, err := c.Files.PutFilePart(f.SHA256, have, f.Size, resp.Body); err != nil {
		return fmt.Errorf("downloading file %s: %w", f.SHA256, err)
	}
	return nil
}
