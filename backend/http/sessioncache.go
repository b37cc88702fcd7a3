package http

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"strings"
	"sync"
	"time"

	"siteward/backend"
)

// sessionCache keeps, per session, what the session lookup and the view
// resolution answered (docs/decisions.md, "Portal per-request work"): the
// session, its user and each view resolved for them, with the access
// generation they were read at. While Sessions.AccessGeneration still
// answers that generation nothing they depend on has changed — triggers
// bump it in the same transaction as a user deactivated or edited, a
// session ended or its view changed, an authorisation added or removed, a
// group or client moved, renamed or deleted (migration
// 202612031200_portal_access_generation) — so a request costs one read of
// the generation instead of three queries. The passing of time is checked
// here as FindSession would: idle and absolute expiry, and the last-seen
// touch (a hit never goes a backend.SessionTouch without a real lookup).
// An entry also ends after sessionCacheTTL, whatever the generation.
type sessionCache struct {
	mu           sync.Mutex
	entries      map[string]*sessionEntry // by session id
	hits, misses int64                    // for the tests and the load generator
}

type sessionEntry struct {
	generation int64
	readAt     time.Time
	secret     [32]byte // sha256 of the token's secret part
	session    backend.Session
	user       backend.User
	views      map[string]backend.View // resolved views by viewKey
}

const (
	sessionCacheTTL  = 30 * time.Second
	sessionCacheSize = 4096
)

func viewKey(office bool, kind backend.ViewKind, id string) string {
	if office {
		return "as\x00" + string(kind) + "\x00" + id
	}
	return string(kind) + "\x00" + id
}

// findSession is Sessions.FindSession through the cache; the entry it
// answers with (nil when not cached) holds the user's resolved views.
func (s *Server) findSession(ctx context.Context, token string) (*backend.Session, *backend.User, *sessionEntry, error) {
	id, secret, ok := strings.Cut(token, ".")
	if !ok || secret == "" {
		return s.findSessionUncached(ctx, token, 0, "", [32]byte{})
	}
	generation, err := s.Sessions.AccessGeneration(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	hash := sha256.Sum256([]byte(secret))
	if e := s.access.get(id, hash, generation, s.Now()); e != nil {
		sess, u := e.session, e.user
		if sess.View != nil {
			v := *sess.View
			sess.View = &v
		}
		return &sess, &u, e, nil
	}
	return s.findSessionUncached(ctx, token, generation, id, hash)
}

func (s *Server) findSessionUncached(ctx context.Context, token string, generation int64, id string, hash [32]byte) (*backend.Session, *backend.User, *sessionEntry, error) {
	sess, u, err := s.Sessions.FindSession(ctx, token)
	if err != nil || id == "" || sess.ID != id {
		return sess, u, nil, err
	}
	e := &sessionEntry{generation: generation, readAt: s.Now(), secret: hash, session: *sess, user: *u, views: map[string]backend.View{}}
	if sess.View != nil {
		v := *sess.View
		e.session.View = &v
	}
	s.access.put(id, e)
	return sess, u, e, nil
}

func (c *sessionCache) get(id string, secret [32]byte, generation int64, now time.Time) *sessionEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[id]
	if !ok || e.generation != generation || subtle.ConstantTimeCompare(e.secret[:], secret[:]) != 1 ||
		now.Sub(e.readAt) >= sessionCacheTTL || now.Before(e.readAt) ||
		now.Sub(e.session.LastSeenAt) >= backend.SessionTouch ||
		!now.Before(e.session.CreatedAt.Add(backend.SessionAbsolute)) {
		c.misses++
		return nil
	}
	c.hits++
	return e
}

func (c *sessionCache) put(id string, e *sessionEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]*sessionEntry{}
	}
	if _, ok := c.entries[id]; !ok && len(c.entries) >= sessionCacheSize {
		// Entries of an older generation are dead; else any one goes.
		for k, old := range c.entries {
			if old.generation < e.generation {
				delete(c.entries, k)
			}
		}
		for k := range c.entries {
			if len(c.entries) < sessionCacheSize {
				break
			}
			delete(c.entries, k)
		}
	}
	c.entries[id] = e
}

// view returns the view resolved under key for the principal's cached
// entry, or resolves it and keeps it there. Only views found are kept.
func (s *Server) view(p *principal, key string, resolve func() (*backend.View, error)) (*backend.View, error) {
	if e := p.cached; e != nil {
		s.access.mu.Lock()
		v, ok := e.views[key]
		s.access.mu.Unlock()
		if ok {
			return &v, nil
		}
	}
	v, err := resolve()
	if err != nil || p.cached == nil {
		return v, err
	}
	s.access.mu.Lock()
	e := p.cached
	e.views[key] = *v
	s.access.mu.Unlock()
	return v, nil
}
