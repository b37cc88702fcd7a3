// Whether the signed-in user is a technician on the install enrolled for
// them (me.fieldWork): the workspace then shows field work only and hides
// what is the office's (the API refuses it too). Set once by the workspace
// shell before any page renders.
let on = false;

export function setFieldWork(value: boolean): void {
  on = value;
}

export function fieldWork(): boolean {
  return on;
}
