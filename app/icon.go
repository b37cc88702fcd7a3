package app

import _ "embed"

// appIcon is the window and taskbar icon on Linux. It is a copy of
// build/appicon.png (go:embed cannot reach outside the package); keep the
// two identical.
//
//go:embed icon.png
var appIcon []byte
