package http

import (
	"sync"
	"time"

	"siteward/backend"
)

// loginThrottle slows password guessing per account and per address:
// after a few failures in a window, further attempts are refused until the
// window has passed. Successful logins clear the account's count.
type loginThrottle struct {
	now backend.Clock
	mu  sync.Mutex
	// failures by key ("acct:email" or "ip:addr"): times of recent failures.
	failures map[string][]time.Time
}

const (
	throttleWindow     = 15 * time.Minute
	maxAccountFailures = 5
	maxAddressFailures = 30
	maxThrottleKeys    = 100_000
)

func newLoginThrottle(now backend.Clock) *loginThrottle {
	return &loginThrottle{now: now, failures: map[string][]time.Time{}}
}

// check returns ETOOMANY while either key is over its limit.
func (t *loginThrottle) check(email, ip string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.recent("acct:"+email, now)) >= maxAccountFailures || len(t.recent("ip:"+ip, now)) >= maxAddressFailures {
		return backend.Errorf(backend.ETOOMANY, "Too many failed sign-ins. Wait 15 minutes and try again, or reset your password.")
	}
	return nil
}

func (t *loginThrottle) fail(email, ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.failures) > maxThrottleKeys {
		t.sweep(now)
	}
	for _, k := range []string{"acct:" + email, "ip:" + ip} {
		t.failures[k] = append(t.recent(k, now), now)
	}
}

func (t *loginThrottle) succeed(email string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, "acct:"+email)
}

// recent returns the failures of key inside the window (caller holds mu).
func (t *loginThrottle) recent(key string, now time.Time) []time.Time {
	fs := t.failures[key]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= throttleWindow {
		i++
	}
	if i == len(fs) {
		delete(t.failures, key)
		return nil
	}
	fs = fs[i:]
	t.failures[key] = fs
	return fs
}

func (t *loginThrottle) sweep(now time.Time) {
	for k := range t.failures {
		t.recent(k, now)
	}
}
