package app

// platform is everything the shell needs from the desktop runtime. The Wails
// implementation (platform_wails.go) only works inside a window Wails created
// — its runtime calls log.Fatalf on any other context — so tests use a fake.
type platform interface {
	OpenURL(url string)
	SaveFileDialog(d FileDialog) (string, error)
	OpenFileDialog(d FileDialog) (string, error)
	OpenDirectoryDialog(d FileDialog) (string, error)
	ExecJS(js string)
	Quit()
}

// FileDialog describes a native open or save dialog. The JSON names are what
// the frontend passes to the Native methods.
type FileDialog struct {
	Title            string       `json:"title"`
	DefaultDirectory string       `json:"defaultDirectory"`
	DefaultFilename  string       `json:"defaultFilename"`
	Filters          []FileFilter `json:"filters"`
}

// FileFilter is one entry of a dialog's file-type list, e.g.
// {DisplayName: "CSV files (*.csv)", Pattern: "*.csv"}; Pattern may hold
// several globs separated by ";".
type FileFilter struct {
	DisplayName string `json:"displayName"`
	Pattern     string `json:"pattern"`
}
