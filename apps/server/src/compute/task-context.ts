/** What a task running in a compute child can do besides returning: emit its events, notice cancellation. */
export interface TaskContext<Event = never> {
  signal: AbortSignal;
  emit(event: Event): void;
}
