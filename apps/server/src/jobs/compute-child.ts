/**
 * Entry of a compute child process: runs tasks from `tasks/index.ts` one at a time, off the server's event
 * loop. TF.js is initialised once per child and reused across tasks. Exits when its parent goes away.
 */
import { describe } from '../errors.js';
import type { ChildMessage, ParentMessage } from './compute-protocol.js';
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

async function run(id: number, name: string, input: unknown): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const task = tasks[name];
    if (!task) throw new Error(`unknown compute task ${JSON.stringify(name)}`);
    const result = await task(input as never, {
      signal: controller.signal,
      emit: (event) => send({ type: 'event', id, event }),
    });
    send({ type: 'done', id, result });
  } catch (error) {
    send({ type: 'error', id, error: describe(error) });
  } finally {
    running.delete(id);
  }
}

send({ type: 'ready' });
