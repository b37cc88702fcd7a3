// Command siteward is the whole product in one binary: the desktop app
// (built with `make desktop`), the LAN server (`siteward serve`) and the
// tools around them. Commands live in backend/server; this file adds only
// the desktop window, which is the one thing (with app/) that knows Wails.
package main

import (
	"log/slog"
	"net/http"
	"os"
	"time"

	"siteward/app"
	"siteward/backend/server"
	"siteward/frontend"
)

func main() {
	cli := &server.CLI{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Assets: frontend.Files(),
		Desktop: func(h http.Handler, selfTest bool, logger *slog.Logger) error {
			// SITEWARD_SELFTEST_HOLD (e.g. 3s) keeps the window open after a
			// passing self-test so CI can screenshot it.
			hold, _ := time.ParseDuration(os.Getenv("SITEWARD_SELFTEST_HOLD"))
			return app.Run(app.Options{Handler: h, Title: "Siteward", SelfTest: selfTest, SelfTestHold: hold, Logger: logger})
		},
	}
	os.Exit(cli.Run(os.Args[1:]))
}
