// The portal main page's panels, as the control panel and "Customise" name them.
import type { PortalPanels } from '../portal/panels';

export const PANELS: { key: keyof PortalPanels; label: string }[] = [
  { key: 'map', label: 'Map of properties' },
  { key: 'activity', label: 'Activity report (quotes and invoices)' },
  { key: 'defects', label: 'Defects' },
  { key: 'routines', label: 'Routine activities' },
  { key: 'serviceCalls', label: 'Service calls' },
  { key: 'spend', label: 'Spend tracking' },
];
