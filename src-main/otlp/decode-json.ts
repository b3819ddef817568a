/** OTLP/JSON ExportTraceServiceRequest → spans: transcoded to protobuf (transcode-json.ts), then decoded as protobuf. */
import { decodeTraceRequestProtobuf } from './decode-protobuf';
import type { DecodeResult } from './decode-result';
import type { Json } from './json-fields';
import { transcodeTraceRequestJson, transcodeTraceRequestJsonText } from './transcode-json';

/** Decodes a parsed OTLP/JSON document; throws DecodeError naming the path of the first malformed field. */
export function decodeTraceRequestJson(doc: Json): DecodeResult {
  return decodeTraceRequestProtobuf(transcodeTraceRequestJson(doc));
}

/** Parses then decodes; the error says where the JSON broke. */
export function decodeTraceRequestJsonText(text: string): DecodeResult {
  return decodeTraceRequestProtobuf(transcodeTraceRequestJsonText(text));
}
