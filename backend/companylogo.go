package backend

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	_ "image/jpeg" // the formats a logo may have
	_ "image/png"
)

// CompanyLogo is the workspace's logo as Settings > Company stores it: the
// image itself lives in the file store under SHA256, with a files row.
type CompanyLogo struct {
	SHA256 string `json:"sha256"`
	MIME   string `json:"mime"` // image/png or image/jpeg
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Size   int64  `json:"size"`
}

// Logo limits: small enough for every email and PDF page, big enough to be sharp.
const (
	MaxLogoBytes  = 1 << 20
	MinLogoPixels = 16
	MaxLogoPixels = 2000
)

// Filename is the name the logo is attached under in emails.
func (l *CompanyLogo) Filename() string {
	if l.MIME == "image/jpeg" {
		return "logo.jpg"
	}
	return "logo.png"
}

// CheckLogo decides what an uploaded logo is from its bytes (never from the
// name or type the browser sent): a whole PNG or JPEG, at most MaxLogoBytes,
// each side between MinLogoPixels and MaxLogoPixels. It returns EINVALID
// with the field "logo".
func CheckLogo(content []byte) (*CompanyLogo, error) {
	bad := func(msg string) error {
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"logo": msg}}
	}
	if len(content) == 0 {
		return nil, bad("Choose a PNG or JPEG image for the logo.")
	}
	if len(content) > MaxLogoBytes {
		return nil, bad("The logo is larger than 1 MB; save it smaller (a few hundred pixels wide is plenty) and upload it again.")
	}
	var mime string
	switch {
	case bytes.HasPrefix(content, []byte("\x89PNG\r\n\x1a\n")):
		mime = "image/png"
	case bytes.HasPrefix(content, []byte{0xff, 0xd8, 0xff}):
		mime = "image/jpeg"
	default:
		return nil, bad("The logo must be a PNG or JPEG image.")
	}
	// The size first, from the header alone, so a huge image is refused
	// before it is decoded; then the whole image, so a cut-off file is too.
	cfg, _, err := image.DecodeConfig(bytes.NewReader(content))
	if err != nil {
		return nil, bad("The logo file is damaged or not a PNG or JPEG image.")
	}
	if cfg.Width < MinLogoPixels || cfg.Height < MinLogoPixels {
		return nil, bad("The logo is too small: make it at least 16 × 16 pixels.")
	}
	if cfg.Width > MaxLogoPixels || cfg.Height > MaxLogoPixels {
		return nil, bad("The logo is too large: at most 2000 pixels on each side.")
	}
	if _, _, err := image.Decode(bytes.NewReader(content)); err != nil {
		return nil, bad("The logo file is damaged or not a PNG or JPEG image.")
	}
	sum := sha256.Sum256(content)
	return &CompanyLogo{SHA256: hex.EncodeToString(sum[:]), MIME: mime, Width: cfg.Width, Height: cfg.Height,
		Size: int64(len(content))}, nil
}
