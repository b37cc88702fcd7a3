package http

import (
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// registerStaticRoutes serves the built UI. Hashed files under assets/ are
// cached for a year; HTML is revalidated every time so a new build shows at once.
func (s *Server) registerStaticRoutes(mux *http.ServeMux) {
	files := http.FileServerFS(s.Assets)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "Method not allowed.", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		switch {
		case name == "" || name == "index.html":
			s.serveHTML(w, r, "index.html")
			return
		case name == "portal" || name == "portal.html":
			s.serveHTML(w, r, "portal.html")
			return
		case strings.HasPrefix(name, "assets/"):
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		default:
			w.Header().Set("Cache-Control", "no-cache")
		}
		if _, err := fs.Stat(s.Assets, name); err != nil || strings.HasPrefix(path.Base(name), ".") {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// notBuilt is shown when the binary was compiled without a frontend build.
const notBuilt = `<!doctype html><meta charset="utf-8"><title>Siteward</title>
<p style="font:16px system-ui;margin:3em">This Siteward binary was built without its user interface. Run <code>make run</code> (or <code>make build</code>) to build it.</p>`

func (s *Server) serveHTML(w http.ResponseWriter, r *http.Request, name string) {
	b, err := fs.ReadFile(s.Assets, name)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(notBuilt))
		return
	}
	_, _ = w.Write(b)
}
