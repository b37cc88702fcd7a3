//go:build linux && (production || dev) && !(webkit2_40 || webkit2_41)

package app

// Without webkit2_40 or webkit2_41, Wails serves the window's requests in a
// legacy mode where every request reaches the Handler as a GET with no body,
// so every save in the desktop app would silently fail (DESIGN §3). Stop the
// build here instead: the undefined name below is the error message.
var _ = desktopBuildNeedsTag_webkit2_41
