package app

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestExternalURL(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{in: "https://example.com/a?b=c", want: "https://example.com/a?b=c"},
		{in: " http://example.com ", want: "http://example.com"},
		{in: "mailto:office@example.com", want: "mailto:office@example.com"},
		{in: "https://en.wikipedia.org/wiki/Fire_(classical_element)", want: "https://en.wikipedia.org/wiki/Fire_%28classical_element%29"},
		{in: "https://example.com/~jo/Café", want: "https://example.com/%7Ejo/Caf%C3%A9"},
		{in: "file:///etc/passwd", wantErr: true},
		{in: "javascript:alert(1)", wantErr: true},
		{in: "siteward://x", wantErr: true},
		{in: "/api/me", wantErr: true},
		{in: "https:///nohost", wantErr: true},
		{in: "mailto:", wantErr: true},
	}
	for _, tt := range tests {
		got, err := externalURL(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("externalURL(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if tt.wantErr {
			continue
		}
		if got != tt.want {
			t.Errorf("externalURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
		// Wails re-parses the link and refuses it if any of these survive.
		if strings.ContainsAny(got, shellMetacharacters) {
			t.Errorf("externalURL(%q) = %q still holds a character Wails refuses", tt.in, got)
		}
		if u, err := url.Parse(got); err != nil || u.String() != got {
			t.Errorf("externalURL(%q) = %q does not survive Wails' parse and re-encode (%v)", tt.in, got, err)
		}
	}
}

func TestNativeOpenURL(t *testing.T) {
	p := &fakePlatform{}
	n := &Native{platform: p, log: discardLogger()}
	if err := n.OpenURL("https://example.com/x"); err != nil {
		t.Fatal(err)
	}
	if err := n.OpenURL("file:///etc/passwd"); err == nil {
		t.Fatal("OpenURL(file:) succeeded, want it refused")
	}
	if want := []string{"https://example.com/x"}; !reflect.DeepEqual(p.opened, want) {
		t.Fatalf("opened %q, want %q", p.opened, want)
	}
}

func TestNativeSelfTestDoneRefusedOutsideSelfTest(t *testing.T) {
	p := &fakePlatform{}
	n := &Native{platform: p, log: discardLogger()}
	if err := n.SelfTestDone(true, "from a page"); err == nil {
		t.Fatal("SelfTestDone succeeded outside self-test mode")
	}
	if p.quitCount() != 0 {
		t.Fatal("SelfTestDone closed the window outside self-test mode")
	}
}

// selftest.js calls window.go.app.Native; Wails derives that path from the
// Go type's package and name, so renaming either breaks the self-test.
func TestBindingPathMatchesSelfTestScript(t *testing.T) {
	path := "window.go." + reflect.TypeOf(Native{}).String() + ".SelfTestDone"
	if got := reflect.TypeOf(Native{}).String(); got != "app.Native" {
		t.Fatalf("bound type is %s, want app.Native", got)
	}
	if !strings.Contains(selfTestJS, "window.go.app.Native") || !strings.Contains(selfTestJS, "SelfTestDone(") {
		t.Fatalf("selftest.js does not call %s", path)
	}
}
