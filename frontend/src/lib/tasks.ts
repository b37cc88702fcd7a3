// Task stages by their names (DOMAIN.md), in workflow order.
export const taskStages = {
  onhold: 'On hold',
  ready: 'Ready',
  inprogress: 'In progress',
  performed: 'Performed',
  complete: 'Complete',
  cancelled: 'Cancelled',
} as const;
