import type { z } from 'zod';
import type { Registry } from './registry';

/** Types the renderer client derives from the registry: channel names and their payloads. */
export type InvokeChannel = keyof Registry['invoke'] & string;
export type EventChannel = keyof Registry['events'] & string;
export type StreamChannel = keyof Registry['streams'] & string;

type InvokeOf<C extends InvokeChannel> = Registry['invoke'][C];

export type InvokeInput<C extends InvokeChannel> = z.input<InvokeOf<C>['input']>;
export type InvokeOutput<C extends InvokeChannel> = z.output<InvokeOf<C>['output']>;
export type EventPayload<C extends EventChannel> = z.output<Registry['events'][C]['payload']>;

type StreamOf<C extends StreamChannel> = Registry['streams'][C];

export type StreamInput<C extends StreamChannel> = z.input<StreamOf<C>['input']>;
export type StreamChunk<C extends StreamChannel> = z.output<StreamOf<C>['chunk']>;
export type StreamResult<C extends StreamChannel> = z.output<StreamOf<C>['result']>;
