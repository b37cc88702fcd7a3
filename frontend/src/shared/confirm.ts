// Asks a yes/no question in the styled ConfirmDialog instead of the
// browser's confirm(): resolves true for yes, false for no (Escape, X,
// Cancel). The dialog is mounted on its own and removed once answered, so
// any screen can ask without hosting it.
import { mount, unmount } from 'svelte';
import ConfirmDialog from './ConfirmDialog.svelte';

export interface ConfirmOptions {
  title: string;
  message: string;
  /** The yes button: say what happens ("Void invoice"), not "OK". */
  confirmLabel?: string;
  cancelLabel?: string;
  /** A destructive action: the yes button is red. */
  danger?: boolean;
}

export function confirmDialog(opts: ConfirmOptions): Promise<boolean> {
  return new Promise((resolve) => {
    const target = document.createElement('div');
    document.body.append(target);
    const app = mount(ConfirmDialog, {
      target,
      props: {
        ...opts,
        onanswer: (yes: boolean) => {
          resolve(yes);
          // Let the dialog finish closing (focus goes back) before it goes.
          queueMicrotask(() => {
            void unmount(app);
            target.remove();
          });
        },
      },
    });
  });
}
