package backend

import "testing"

func TestTaskCanMove(t *testing.T) {
	for _, c := range []struct {
		from, to string
		ok       bool
	}{
		{"ready", "inprogress", true}, {"inprogress", "performed", true}, {"performed", "complete", true},
		{"ready", "ready", true}, {"cancelled", "ready", true},
		{"complete", "inprogress", false}, {"onhold", "performed", false}, {"cancelled", "complete", false},
	} {
		err := TaskCanMove(c.from, c.to)
		if (err == nil) != c.ok {
			t.Errorf("%s → %s: %v, want allowed %v", c.from, c.to, err, c.ok)
		}
		if err != nil && ErrorCode(err) != ECONFLICT {
			t.Errorf("%s → %s: code %s", c.from, c.to, ErrorCode(err))
		}
	}
	if err := TaskCanMove("complete", "ready"); err == nil || ErrorMessage(err) != "This task is complete; its stage cannot change any more." {
		t.Errorf("final stage: %v", err)
	}
}
