import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { fail } from '../../shared/result';
import { firstIssueMessage } from '../../shared/result-schema';
import { streamCancelSchema, streamStartSchema, TRANSPORT, type StreamFrame } from '../../shared/stream';
import type { EventBus } from '../events';
import { decideSender } from './security-policy';
import type { CallContext, Handlers, RunningStream } from '../ipc/handlers';

/** The desktop's files reach the renderer from the file picker or a drop, as paths. */
const DESKTOP_CONTEXT: CallContext = { transport: 'electron', grants: { localPaths: true } };

/**
 * The Electron transport: the same Handlers as the web host, reached through fixed IPC channels.
 * Every message must come from the main frame of a window Cairn created, showing the app page.
 */
export function bindElectronIpc(options: {
  handlers: Handlers;
  events: EventBus;
  isTrustedSender: (frameUrl: string | undefined, contents: WebContents) => boolean;
}): () => void {
  const { handlers, events, isTrustedSender } = options;
  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent): boolean => {
    // A webContents Cairn did not create (devtools, a future helper view) is never trusted.
    const tracked = trackedContents.has(event.sender);
    const frame = tracked ? event.senderFrame : null;
    return decideSender(
      { tracked, frame: frame ? { isMainFrame: frame.parent === null, url: frame.url } : null },
      (url) => isTrustedSender(url, event.sender),
    );
  };

  ipcMain.handle(TRANSPORT.invoke, async (event, channel: unknown, input: unknown) => {
    if (!trusted(event)) return fail('FORBIDDEN', 'This window may not call Cairn.');
    if (typeof channel !== 'string') return fail('VALIDATION', 'The call has no channel name.');
    return handlers.invoke(channel, input, DESKTOP_CONTEXT);
  });

  // Request ids are chosen by the renderer, so they are only unique per window: streams are kept
  // per webContents, which also stops one window from cancelling another's stream.
  const streamsByWindow = new Map<number, Map<string, RunningStream>>();
  const streamsOf = (contents: WebContents): Map<string, RunningStream> => {
    const id = contents.id;
    let streams = streamsByWindow.get(id);
    if (!streams) {
      const created = new Map<string, RunningStream>();
      streams = created;
      streamsByWindow.set(id, created);
      // One listener per window rather than one per stream, which would pile up on a long-lived window.
      contents.once('destroyed', () => {
        streamsByWindow.delete(id);
        for (const running of [...created.values()]) running.cancel();
      });
    }
    return streams;
  };

  ipcMain.on(TRANSPORT.streamStart, (event, raw: unknown) => {
    if (!trusted(event)) return;
    const contents = event.sender;
    const send = (frame: StreamFrame): void => {
      if (!contents.isDestroyed()) contents.send(TRANSPORT.streamFrame, frame);
    };
    const streams = streamsOf(contents);
    const parsed = streamStartSchema.safeParse(raw);
    if (!parsed.success) {
      // A start the renderer is waiting on gets its terminal frame, or its stream never ends.
      const requestId = (raw as { requestId?: unknown } | null)?.requestId;
      if (typeof requestId === 'string' && requestId.length <= 100 && !streams.has(requestId)) {
        const message = `The stream request is not valid: ${firstIssueMessage(parsed.error)}`;
        send({ requestId, type: 'error', error: { code: 'VALIDATION', message } });
      }
      return;
    }
    const { requestId, channel, input } = parsed.data;
    if (streams.has(requestId)) {
      send({
        requestId,
        type: 'error',
        error: { code: 'CONFLICT', message: 'That request id is already running.' },
      });
      return;
    }
    let finished = false;
    const running = handlers.startStream(channel, requestId, input, DESKTOP_CONTEXT, (frame) => {
      if (frame.type !== 'chunk') {
        finished = true;
        streams.delete(requestId);
      }
      send(frame);
    });
    // A stream refused up front has already sent its terminal frame.
    if (!finished) streams.set(requestId, running);
  });

  ipcMain.on(TRANSPORT.streamCancel, (event, raw: unknown) => {
    if (!trusted(event)) return;
    const parsed = streamCancelSchema.safeParse(raw);
    if (parsed.success) streamsByWindow.get(event.sender.id)?.get(parsed.data.requestId)?.cancel();
  });

  const unsubscribe = events.subscribe((channel, payload) => {
    for (const contents of trackedContents) {
      if (contents.isDestroyed()) continue;
      // A window whose page is not the app (should a navigation ever slip through) gets no data.
      if (!isTrustedSender(contents.mainFrame.url, contents)) continue;
      contents.send(TRANSPORT.event, channel, payload);
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(TRANSPORT.invoke);
    ipcMain.removeAllListeners(TRANSPORT.streamStart);
    ipcMain.removeAllListeners(TRANSPORT.streamCancel);
    for (const streams of streamsByWindow.values()) {
      for (const running of [...streams.values()]) running.cancel();
    }
    streamsByWindow.clear();
  };
}

const trackedContents = new Set<WebContents>();

/** Windows Cairn created: the only senders it answers and the only receivers of its events. */
export function trackWindowContents(contents: WebContents): void {
  trackedContents.add(contents);
  contents.once('destroyed', () => trackedContents.delete(contents));
}
