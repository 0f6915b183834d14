/**
 * Entry of a compute child process: runs tasks from `tasks/index.ts` one at a time, off the server's event
 * loop. TF.js is initialised once per child and reused across tasks. Exits when its parent goes away.
 */
import { describe } from '../errors.js';
import type { ChildMessage, ParentMessage, Task, TaskName } from './protocol.js';
import { tasks } from './tasks/index.js';

const running = new Map<number, AbortController>();
const send = (message: ChildMessage) => process.send?.(message);

process.on('message', (message: ParentMessage) => {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort(new Error('cancelled by the job owner'));
    return;
  }
  void run(message.id, message.task, message.input);
});

// The parent died or closed the channel: nothing can receive results any more.
process.on('disconnect', () => process.exit(0));

async function run(id: number, name: TaskName, input: unknown): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    if (!Object.hasOwn(tasks, name)) throw new Error(`unknown compute task ${JSON.stringify(name)}`);
    // The pool typed the input by the task's name (protocol.ts); the channel carries it as plain data.
    const task = tasks[name] as Task<TaskName>;
    const result = await task(input as never, {
      signal: controller.signal,
      emit: (event: unknown) => send({ type: 'event', id, event }),
    });
    send({ type: 'done', id, result });
  } catch (error) {
    send({ type: 'error', id, error: describe(error) });
  } finally {
    running.delete(id);
  }
}

send({ type: 'ready' });
