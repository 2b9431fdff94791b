import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { registry } from '../shared/registry';
import { fail } from '../shared/result';
import { TRANSPORT, type StreamFrame } from '../shared/stream';
import type { CairnBridge } from './api';

/**
 * The sandboxed preload. It never hands `ipcRenderer` to the page: only invoke/on/stream, and
 * only for channels in the contract registry.
 */
const invokeChannels = new Set(registry.channels.invoke);
const eventChannels = new Set(registry.channels.events);
const streamChannels = new Set(registry.channels.streams);

const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
ipcRenderer.on(TRANSPORT.event, (_event, channel: string, payload: unknown) => {
  for (const listener of eventListeners.get(channel) ?? []) listener(payload);
});

const streamListeners = new Map<string, (frame: StreamFrame) => void>();
ipcRenderer.on(TRANSPORT.streamFrame, (_event, frame: StreamFrame) => {
  const listener = streamListeners.get(frame.requestId);
  if (!listener) return;
  if (frame.type !== 'chunk') streamListeners.delete(frame.requestId);
  listener(frame);
});

const bridge: CairnBridge = {
  pathForFile: (file) => webUtils.getPathForFile(file),
  invoke: (channel, input) => {
    if (!invokeChannels.has(channel))
      return Promise.resolve(fail('FORBIDDEN', `"${channel}" is not an allowed call.`));
    // invoke rejects (rather than answering) when the input cannot be cloned or the main process
    // is going away; the renderer expects an envelope every time.
    return (ipcRenderer.invoke(TRANSPORT.invoke, channel, input) as ReturnType<CairnBridge['invoke']>).catch(
      () => fail('UNAVAILABLE', 'Cairn could not deliver this call to its backend.'),
    );
  },
  on: (channel, listener) => {
    if (!eventChannels.has(channel)) return () => undefined;
    const set = eventListeners.get(channel) ?? new Set();
    set.add(listener);
    eventListeners.set(channel, set);
    return () => set.delete(listener);
  },
  stream: (channel, requestId, input, onFrame) => {
    if (!streamChannels.has(channel)) {
      onFrame({
        requestId,
        type: 'error',
        error: { code: 'FORBIDDEN', message: `"${channel}" is not an allowed stream.` },
      });
      return { cancel: () => undefined };
    }
    streamListeners.set(requestId, onFrame);
    ipcRenderer.send(TRANSPORT.streamStart, { requestId, channel, input });
    return { cancel: () => ipcRenderer.send(TRANSPORT.streamCancel, { requestId }) };
  },
};

contextBridge.exposeInMainWorld('cairn', bridge);
