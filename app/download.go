package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// maxErrorBody bounds how much of a failed answer is kept for the message.
const maxErrorBody = 4 << 10

// SaveURL asks where to save, then GETs apiPath from the Handler — exactly
// as the page would — and writes the answer there. It is how the desktop
// window saves exports and PDFs: the Wails webview has no download manager,
// so <a download> does nothing useful there. It returns the path written, or
// "" if the user cancelled.
func (n *Native) SaveURL(apiPath string, d FileDialog) (string, error) {
	u, err := url.Parse(apiPath)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/api/") {
		return "", fmt.Errorf("only /api/ paths can be saved, not %q", apiPath)
	}
	dest, err := n.platform.SaveFileDialog(d)
	if err != nil || dest == "" {
		return "", err
	}
	if err := saveResponse(n.handler, u.RequestURI(), dest); err != nil {
		n.log.Error("desktop save failed", "path", apiPath, "dest", dest, "err", err)
		return "", err
	}
	return dest, nil
}

// saveResponse serves a GET of requestURI in-process and writes a 200 answer
// to dest through a temporary file beside it, so a failed or partial
// download never replaces a file the user already had.
func saveResponse(h http.Handler, requestURI, dest string) error {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, requestURI, nil)
	if err != nil {
		return err
	}
	// The same shape as the requests Wails' AssetServer hands the Handler.
	req.Host = "wails"
	req.RemoteAddr = "192.0.2.1:1234"
	req.Header.Set("Accept", "*/*")

	tmp, err := os.CreateTemp(filepath.Dir(dest), ".siteward-save-*")
	if err != nil {
		return fmt.Errorf("cannot write in that folder: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename

	w := &fileResponse{header: http.Header{}, file: tmp}
	h.ServeHTTP(w, req)
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.status != http.StatusOK {
		tmp.Close()
		return fmt.Errorf("the server could not produce the file: %s", errorMessage(w.status, w.errBody.Bytes()))
	}
	if w.err != nil {
		tmp.Close()
		return fmt.Errorf("writing the file: %w", w.err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("writing the file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing the file: %w", err)
	}
	return os.Rename(tmp.Name(), dest)
}

// fileResponse is an http.ResponseWriter that streams a 200 body to a file
// and keeps the start of any other body for the error message.
type fileResponse struct {
	header  http.Header
	status  int
	file    *os.File
	err     error
	errBody bytes.Buffer
}

func (w *fileResponse) Header() http.Header { return w.header }

func (w *fileResponse) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *fileResponse) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	if w.status != http.StatusOK {
		if room := maxErrorBody - w.errBody.Len(); room > 0 {
			w.errBody.Write(p[:min(len(p), room)])
		}
		return len(p), nil
	}
	if w.err != nil {
		return 0, w.err
	}
	n, err := w.file.Write(p)
	w.err = err
	return n, err
}

// errorMessage reads the API's {"error":{"message":…}} answer, falling back
// to the status text.
func errorMessage(status int, body []byte) string {
	var e struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
		return e.Error.Message
	}
	return fmt.Sprintf("%d %s", status, http.StatusText(status))
}
