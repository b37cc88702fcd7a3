package http

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"siteward/backend"
)

// readUpload reads an uploaded file: the raw request body (the browser
// sends the File as it is; its name goes in ?fileName=). A body over limit
// is refused after reading just past it, with a message beside the file.
func readUpload(w http.ResponseWriter, r *http.Request, limit int64, hint string) ([]byte, error) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		mb := limit >> 20
		return nil, &backend.Error{Code: backend.EINVALID, Message: fmt.Sprintf("The file is larger than %d MB; %s.", mb, hint),
			Fields: map[string]string{"file": fmt.Sprintf("Choose a file of %d MB or less.", mb)}}
	} else if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "The upload did not complete; try again.")
	}
	return data, nil
}

// previewable are the types a browser may show in place. Everything else
// is only ever downloaded.
var previewable = map[string]bool{
	"application/pdf": true, "image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true, "text/plain": true,
}

// storedFileCSP is the policy of a stored file shown in place: a sandbox
// (no scripts, no same origin, no forms) that may draw only its own bytes,
// so a file that slips past sniffing still cannot act for the user.
const storedFileCSP = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'"

// serveStoredFile streams a stored file with its type as sniffed at
// upload, never sniffed again by the browser (nosniff), shown in place
// only when asked for and previewable, and otherwise downloaded.
func (s *Server) serveStoredFile(w http.ResponseWriter, r *http.Request, ref *backend.StoredFileRef, inline bool) error {
	f, err := s.Files.OpenFile(ref.SHA256)
	if err != nil {
		return err
	}
	defer f.Close()
	disposition := "attachment"
	if inline && previewable[ref.Mime] {
		disposition = "inline"
	}
	typ := ref.Mime
	if strings.HasPrefix(typ, "text/") {
		typ += "; charset=utf-8"
	}
	h := w.Header()
	h.Set("Content-Type", typ)
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": fileName(ref.Name, ref.Mime)}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", storedFileCSP)
	h.Set("Cache-Control", "private, max-age=300")
	http.ServeContent(w, r, "", time.Time{}, f)
	return nil
}

// fileName gives a download a name with the extension of its type, so a
// PDF named "plan.html" is saved as "plan.html.pdf".
func fileName(name, typ string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`/\"`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(name))
	if name == "" {
		name = "file"
	}
	exts, _ := mime.ExtensionsByType(typ)
	ext := strings.ToLower(path.Ext(name))
	for _, e := range exts {
		if e == ext || (ext == ".jpg" && e == ".jpeg") {
			return name
		}
	}
	if len(exts) > 0 {
		name += preferredExt(typ, exts)
	}
	return name
}

// preferredExt picks the usual extension where Go's table lists several.
func preferredExt(typ string, exts []string) string {
	switch typ {
	case "image/jpeg":
		return ".jpg"
	case "text/plain":
		return ".txt"
	}
	return exts[0]
}
