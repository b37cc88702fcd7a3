package app

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

var okHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})

func testShell(t *testing.T, selfTest bool, timeout time.Duration) (*shell, *fakePlatform) {
	t.Helper()
	opts, err := Options{Handler: okHandler, SelfTest: selfTest, SelfTestTimeout: timeout, Logger: discardLogger()}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	p := &fakePlatform{}
	s := newShell(opts, p, time.Now())
	s.exit = func(code int) { t.Errorf("the shell exited the process with %d", code) }
	t.Cleanup(s.end)
	return s, p
}

func TestOptionsDefaults(t *testing.T) {
	if _, err := (Options{}).withDefaults(); err == nil {
		t.Fatal("Options without a Handler were accepted")
	}
	o, err := Options{Handler: okHandler}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if o.Title != "Siteward" || o.SelfTestTimeout != 30*time.Second || o.Logger == nil {
		t.Fatalf("defaults = %+v", o)
	}
}

func TestWailsOptions(t *testing.T) {
	s, _ := testShell(t, false, 0)
	o := s.wailsOptions()
	if o.Width != 1280 || o.Height != 800 || o.MinWidth != 1024 || o.MinHeight != 700 {
		t.Errorf("window %dx%d (min %dx%d), want 1280x800 (min 1024x700)", o.Width, o.Height, o.MinWidth, o.MinHeight)
	}
	if o.AssetServer == nil || o.AssetServer.Handler == nil || o.AssetServer.Assets != nil {
		t.Errorf("AssetServer = %+v, want the Handler and no Assets FS", o.AssetServer)
	}
	if len(o.Bind) != 1 || o.Bind[0] != s.native {
		t.Errorf("Bind = %v, want only the Native struct", o.Bind)
	}
	if o.OnDomReady == nil || o.OnStartup == nil {
		t.Error("OnStartup/OnDomReady not set")
	}
	if o.Linux == nil || len(o.Linux.Icon) == 0 {
		t.Error("no window icon")
	}
}

func TestDomReadyRunsTheSelfTestOnce(t *testing.T) {
	s, p := testShell(t, true, time.Minute)
	s.onDomReady(context.Background())
	s.onDomReady(context.Background()) // a reload must not start a second run
	if len(p.execJS) != 1 || p.execJS[0] != selfTestJS {
		t.Fatalf("ExecJS calls: %d, want the self-test once", len(p.execJS))
	}
}

func TestDomReadyWithoutSelfTestRunsNothing(t *testing.T) {
	s, p := testShell(t, false, 0)
	s.onDomReady(context.Background())
	if len(p.execJS) != 0 {
		t.Fatalf("ExecJS called %d times outside self-test mode", len(p.execJS))
	}
}

func TestSelfTestOutcome(t *testing.T) {
	t.Run("passed", func(t *testing.T) {
		s, p := testShell(t, true, time.Minute)
		if err := s.native.SelfTestDone(true, "passed in 4ms"); err != nil {
			t.Fatal(err)
		}
		if p.quitCount() != 1 {
			t.Fatalf("quit %d times, want 1", p.quitCount())
		}
		s.end()
		if err := s.outcome(); err != nil {
			t.Fatalf("outcome = %v, want nil", err)
		}
	})
	t.Run("failed", func(t *testing.T) {
		s, _ := testShell(t, true, time.Minute)
		s.native.SelfTestDone(false, "POST /api/client-groups answered 500")
		s.native.SelfTestDone(true, "a late second report is ignored")
		s.end()
		if err := s.outcome(); err == nil || !strings.Contains(err.Error(), "answered 500") {
			t.Fatalf("outcome = %v, want the page's detail", err)
		}
	})
	t.Run("window closed first", func(t *testing.T) {
		s, _ := testShell(t, true, time.Minute)
		s.end()
		if err := s.outcome(); err == nil {
			t.Fatal("outcome = nil for a window closed before any report")
		}
	})
	t.Run("not self-test", func(t *testing.T) {
		s, _ := testShell(t, false, 0)
		s.end()
		if err := s.outcome(); err != nil {
			t.Fatalf("outcome = %v, want nil", err)
		}
	})
}

func TestSelfTestTimeout(t *testing.T) {
	s, p := testShell(t, true, 20*time.Millisecond)
	s.begin()
	deadline := time.Now().Add(5 * time.Second)
	for p.quitCount() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	s.end()
	if err := s.outcome(); err == nil || !strings.Contains(err.Error(), "no result within 20ms") {
		t.Fatalf("outcome = %v, want a timeout", err)
	}
}

// If the window cannot be closed (it never started), the process must still
// end so CI reports a failure instead of hanging.
func TestQuitWatchdog(t *testing.T) {
	t.Run("window does not close", func(t *testing.T) {
		s, _ := testShell(t, true, time.Minute)
		exited := make(chan int, 1)
		s.exit = func(code int) { exited <- code }
		s.quitGrace = 10 * time.Millisecond
		s.native.SelfTestDone(true, "passed")
		select {
		case code := <-exited:
			if code != 1 {
				t.Fatalf("exit code %d, want 1", code)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the watchdog never ended the process")
		}
	})
	t.Run("window closes", func(t *testing.T) {
		s, _ := testShell(t, true, time.Minute)
		exited := make(chan int, 1)
		s.exit = func(code int) { exited <- code }
		s.quitGrace = 10 * time.Millisecond
		s.native.SelfTestDone(true, "passed")
		s.end() // wails.Run returned in time
		select {
		case code := <-exited:
			t.Fatalf("the watchdog exited with %d after the window closed", code)
		case <-time.After(50 * time.Millisecond):
		}
	})
}

// A passing self-test with a hold keeps the window open for the screenshot,
// then closes it; a failing one closes at once.
func TestSelfTestHold(t *testing.T) {
	t.Run("pass waits", func(t *testing.T) {
		opts, _ := Options{Handler: okHandler, SelfTest: true, SelfTestHold: 50 * time.Millisecond, Logger: discardLogger()}.withDefaults()
		p := &fakePlatform{}
		s := newShell(opts, p, time.Now())
		s.exit = func(code int) { t.Errorf("the shell exited the process with %d", code) }
		t.Cleanup(s.end)
		s.native.SelfTestDone(true, "passed")
		if p.quitCount() != 0 {
			t.Fatal("quit before the hold was over")
		}
		deadline := time.Now().Add(5 * time.Second)
		for p.quitCount() == 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if p.quitCount() != 1 {
			t.Fatalf("quit %d times after the hold, want 1", p.quitCount())
		}
	})
	t.Run("failure does not wait", func(t *testing.T) {
		opts, _ := Options{Handler: okHandler, SelfTest: true, SelfTestHold: time.Hour, Logger: discardLogger()}.withDefaults()
		p := &fakePlatform{}
		s := newShell(opts, p, time.Now())
		t.Cleanup(s.end)
		s.native.SelfTestDone(false, "GET /api/me answered 500")
		if p.quitCount() != 1 {
			t.Fatalf("quit %d times, want 1 at once", p.quitCount())
		}
	})
}
