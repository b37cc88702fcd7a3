/** One entry of the user menu. */
export interface MenuItem {
  label: string;
  onselect: () => void;
}
