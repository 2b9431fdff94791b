import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { fail } from '../../shared/result';
import { streamCancelSchema, streamStartSchema, TRANSPORT } from '../../shared/stream';
import type { EventBus } from '../ipc/events';
import type { Handlers, RunningStream } from '../ipc/handlers';

/**
 * The Electron transport: the same Handlers as the web host, reached through three fixed IPC
 * channels. Every message is checked to come from the app's own main frame.
 */
export function bindElectronIpc(options: {
  handlers: Handlers;
  events: EventBus;
  isTrustedSender: (frameUrl: string | undefined, contents: WebContents) => boolean;
}): () => void {
  const { handlers, events, isTrustedSender } = options;
  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent): boolean =>
    event.senderFrame !== null && event.senderFrame.parent === null && isTrustedSender(event.senderFrame.url, event.sender);

  ipcMain.handle(TRANSPORT.invoke, async (event, channel: unknown, input: unknown) => {
    if (!trusted(event)) return fail('FORBIDDEN', 'This window may not call Cairn.');
    if (typeof channel !== 'string') return fail('VALIDATION', 'The call has no channel name.');
    return handlers.invoke(channel, input, { transport: 'electron' });
  });

  const streams = new Map<string, RunningStream>();
  ipcMain.on(TRANSPORT.streamStart, (event, raw: unknown) => {
    if (!trusted(event)) return;
    const parsed = streamStartSchema.safeParse(raw);
    if (!parsed.success) return;
    const { requestId, channel, input } = parsed.data;
    const contents = event.sender;
    let finished = false;
    const running = handlers.startStream(channel, requestId, input, { transport: 'electron' }, (frame) => {
      if (frame.type !== 'chunk') {
        finished = true;
        streams.delete(requestId);
      }
      if (!contents.isDestroyed()) contents.send(TRANSPORT.streamFrame, frame);
    });
    if (!finished) streams.set(requestId, running);
    contents.once('destroyed', () => running.cancel());
  });
  ipcMain.on(TRANSPORT.streamCancel, (event, raw: unknown) => {
    if (!trusted(event)) return;
    const parsed = streamCancelSchema.safeParse(raw);
    if (parsed.success) streams.get(parsed.data.requestId)?.cancel();
  });

  const unsubscribe = events.subscribe((channel, payload) => {
    for (const contents of trackedContents) {
      if (!contents.isDestroyed()) contents.send(TRANSPORT.event, channel, payload);
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(TRANSPORT.invoke);
    ipcMain.removeAllListeners(TRANSPORT.streamStart);
    ipcMain.removeAllListeners(TRANSPORT.streamCancel);
    for (const running of streams.values()) running.cancel();
  };
}

const trackedContents = new Set<WebContents>();

/** Windows that receive main-process events. */
export function trackWindowContents(contents: WebContents): void {
  trackedContents.add(contents);
  contents.once('destroyed', () => trackedContents.delete(contents));
}
