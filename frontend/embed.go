// Package frontend embeds the built web UI (workspace and customer portal).
//
// dist/ holds a committed placeholder so a clean checkout compiles without npm;
// `npm run build` adds index.html, portal.html and hashed files under assets/.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var Dist embed.FS

// Files returns the contents of dist/ rooted at its top (index.html,
// portal.html, assets/…).
func Files() fs.FS {
	sub, err := fs.Sub(Dist, "dist")
	if err != nil {
		panic(err) // unreachable: "dist" is a valid path embedded above
	}
	return sub
}

// Built reports whether the UI has been built (and not just the placeholder).
func Built() bool {
	_, err := fs.Stat(Dist, "dist/index.html")
	return err == nil
}
