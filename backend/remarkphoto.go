package backend

import "context"

// RemarkPhoto is a photo taken of a remark; its image is a stored file.
type RemarkPhoto struct {
	ID      string `json:"id"`
	Caption string `json:"caption"`
	Mime    string `json:"mime"`
}

// RemarkPhotoService serves a remark's photos to the office.
type RemarkPhotoService interface {
	// FindRemarkPhotos lists a remark's photos, oldest first.
	FindRemarkPhotos(ctx context.Context, remarkID string) ([]*RemarkPhoto, error)
	// FindRemarkPhotoFile returns the stored file of a photo; ENOTFOUND.
	FindRemarkPhotoFile(ctx context.Context, id string) (*StoredFileRef, error)
}
