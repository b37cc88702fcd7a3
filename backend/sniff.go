package backend

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // floorplans: DecodeConfig reads JPEG sizes
	_ "image/png"  // and PNG sizes
	"net/http"
	"path"
	"strings"
)

// Uploaded files are typed by their content (the sniffing algorithm browsers
// use), never by the name or the Content-Type the sender claims: a page of
// HTML named plan.pdf is refused, not stored as a PDF.

// documentTypes are the sniffed types a document may have.
var documentTypes = map[string]bool{
	"application/pdf": true, "image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true,
	"text/plain": true, "text/csv": true, "application/zip": true,
}

// officeTypes are the zip-based office formats, told apart by extension
// once the content is known to be a zip archive.
var officeTypes = map[string]string{
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".odt":  "application/vnd.oasis.opendocument.text",
	".ods":  "application/vnd.oasis.opendocument.spreadsheet",
}

// SniffDocument returns the type of a document's content, or a message
// for the person uploading it when the file is empty, too large or of a
// kind Siteward does not keep.
func SniffDocument(name string, content []byte, limit int) (mime, problem string) {
	if len(content) == 0 {
		return "", "Choose a file to upload; this one is empty."
	} else if len(content) > limit {
		return "", fmt.Sprintf("The file is larger than %d MB; make it smaller or split it.", limit>>20)
	}
	mime, _, _ = strings.Cut(http.DetectContentType(content), ";")
	ext := strings.ToLower(path.Ext(name))
	switch {
	case mime == "application/zip" && officeTypes[ext] != "":
		return officeTypes[ext], ""
	case mime == "text/plain" && ext == ".csv":
		return "text/csv", ""
	case mime == "text/plain" && !bytes.Contains(content[:min(len(content), 512)], []byte{0}):
		return mime, ""
	case mime != "text/plain" && documentTypes[mime]:
		return mime, ""
	}
	return "", "Siteward keeps PDFs, images (PNG, JPEG, GIF, WebP), text and CSV files, and Word, Excel or zip files; this file is none of those."
}

// MaxFloorplanBytes is the largest floorplan image one upload may carry.
const MaxFloorplanBytes = 15 << 20

// maxFloorplanSide keeps a decoded plan within what a browser draws well.
const maxFloorplanSide = 12000

// SniffFloorplan checks that content is a PNG or JPEG image and reads its
// size from the image itself.
func SniffFloorplan(content []byte) (mime string, width, height int, problem string) {
	return SniffImage(content, MaxFloorplanBytes, "A floorplan")
}

// SniffImage checks that content (at most limit bytes) is a PNG or JPEG
// image a browser draws well, reading its size from the image; what names
// it in the message ("A floorplan", "A photo").
func SniffImage(content []byte, limit int, what string) (mime string, width, height int, problem string) {
	mime, problem = SniffDocument("", content, limit)
	if problem != "" {
		return "", 0, 0, problem
	}
	if mime != "image/png" && mime != "image/jpeg" {
		return "", 0, 0, what + " must be a PNG or JPEG image."
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(content))
	if err != nil {
		return "", 0, 0, "The image could not be read; save it again as PNG or JPEG."
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxFloorplanSide || cfg.Height > maxFloorplanSide {
		return "", 0, 0, fmt.Sprintf("The image is %d × %d pixels; keep each side under %d.", cfg.Width, cfg.Height, maxFloorplanSide)
	}
	return mime, cfg.Width, cfg.Height, ""
}
