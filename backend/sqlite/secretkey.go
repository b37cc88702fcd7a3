package sqlite

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// secretBox encrypts the few secrets Siteward must be able to read back (the
// mail password) with AES-256-GCM under a key kept in a file of its own in
// the data folder (0600), made on first use. The database and its backups
// then hold only ciphertext: a copied backup alone does not give away the
// mail account. Losing the key file means entering the password again.
type secretBox struct {
	path string
}

const secretPrefix = "v1:"

// seal encrypts plain; purpose is bound into the ciphertext so a value
// cannot be moved to another use.
func (b secretBox) seal(purpose, plain string) (string, error) {
	key, err := b.key(true)
	if err != nil {
		return "", err
	}
	aead, err := newGCM(key)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := aead.Seal(nonce, nonce, []byte(plain), []byte(purpose))
	return secretPrefix + base64.StdEncoding.EncodeToString(out), nil
}

// open decrypts a value made by seal.
func (b secretBox) open(purpose, sealed string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(sealed, secretPrefix))
	if err != nil || !strings.HasPrefix(sealed, secretPrefix) {
		return "", errors.New("the stored secret is damaged")
	}
	key, err := b.key(false)
	if err != nil {
		return "", err
	}
	aead, err := newGCM(key)
	if err != nil {
		return "", err
	}
	if len(raw) < aead.NonceSize() {
		return "", errors.New("the stored secret is damaged")
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte(purpose))
	if err != nil {
		return "", fmt.Errorf("the key file %s does not match the stored secret", b.path)
	}
	return string(plain), nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// key reads the key file, creating it when create is true and it is missing.
func (b secretBox) key(create bool) ([]byte, error) {
	raw, err := os.ReadFile(b.path)
	if errors.Is(err, os.ErrNotExist) && create {
		if err := b.create(); err != nil {
			return nil, err
		}
		raw, err = os.ReadFile(b.path)
	}
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("the key file %s is missing", b.path)
	} else if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("the key file %s is damaged", b.path)
	}
	return key, nil
}

// create writes a new random key: temp file, fsync, then a link into place
// that fails if another writer got there first (whose key is then used).
func (b secretBox) create() error {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(b.path), 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(b.path), ".secret-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Link(f.Name(), b.path); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	return nil
}
