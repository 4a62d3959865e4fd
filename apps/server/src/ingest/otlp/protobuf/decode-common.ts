// Protobuf decoding of the messages both signals share (opentelemetry/proto/common/v1
// and resource/v1): AnyValue, KeyValue, InstrumentationScope, Resource.
import type { KeyValue, OtlpResource, OtlpScope } from '../otlp-model.ts';
import { appendAttribute, bytesValue, doubleValue, fieldValueOf, int64Value, newKeyValueObject, type StructuredValue } from '../any-value.ts';
import { MAX_VALUE_DEPTH, TRUNCATED_VALUE } from '../limits.ts';
import { WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT, type WireReader } from './wire-reader.ts';

/**
 * AnyValue { string_value = 1; bool_value = 2; int_value = 3; double_value = 4;
 * array_value = 5; kvlist_value = 6; bytes_value = 7 }, a oneof: the last one sent wins.
 * Null when no value is set.
 */
function decodeAnyValue(r: WireReader, end: number, depth: number): StructuredValue {
  if (depth > MAX_VALUE_DEPTH) {
    r.pos = end;
    return TRUNCATED_VALUE;
  }
  let value: StructuredValue = null;
  while (r.pos < end) {
    const tag = r.uint32();
    const wireType = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'AnyValue.string_value');
        value = r.string(end);
        break;
      case 2:
        r.expect(wireType, WIRE_VARINT, 'AnyValue.bool_value');
        value = r.bool();
        break;
      case 3: {
        r.expect(wireType, WIRE_VARINT, 'AnyValue.int_value');
        value = int64Value(r.int64());
        break;
      }
      case 4:
        r.expect(wireType, WIRE_FIXED64, 'AnyValue.double_value');
        value = doubleValue(r.double());
        break;
      case 5: {
        // ArrayValue { repeated AnyValue values = 1 }
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'AnyValue.array_value');
        const arrayEnd = r.delimitedEnd(end);
        const values: StructuredValue[] = [];
        while (r.pos < arrayEnd) {
          const inner = r.uint32();
          if (inner >>> 3 === 1) {
            r.expect(inner & 7, WIRE_LENGTH_DELIMITED, 'ArrayValue.values');
            values.push(decodeAnyValue(r, r.delimitedEnd(arrayEnd), depth + 1));
          } else r.skip(inner & 7, arrayEnd);
        }
        r.finish(arrayEnd, 'ArrayValue');
        value = values;
        break;
      }
      case 6: {
        // KeyValueList { repeated KeyValue values = 1 }
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'AnyValue.kvlist_value');
        const listEnd = r.delimitedEnd(end);
        const list = newKeyValueObject();
        while (r.pos < listEnd) {
          const inner = r.uint32();
          if (inner >>> 3 === 1) {
            r.expect(inner & 7, WIRE_LENGTH_DELIMITED, 'KeyValueList.values');
            const kvEnd = r.delimitedEnd(listEnd);
            let key = '';
            let item: StructuredValue = null;
            while (r.pos < kvEnd) {
              const kvTag = r.uint32();
              if (kvTag >>> 3 === 1) {
                r.expect(kvTag & 7, WIRE_LENGTH_DELIMITED, 'KeyValue.key');
                key = r.string(kvEnd);
              } else if (kvTag >>> 3 === 2) {
                r.expect(kvTag & 7, WIRE_LENGTH_DELIMITED, 'KeyValue.value');
                item = decodeAnyValue(r, r.delimitedEnd(kvEnd), depth + 1);
              } else r.skip(kvTag & 7, kvEnd);
            }
            r.finish(kvEnd, 'KeyValue');
            list[key] = item;
          } else r.skip(inner & 7, listEnd);
        }
        r.finish(listEnd, 'KeyValueList');
        value = list;
        break;
      }
      case 7:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'AnyValue.bytes_value');
        value = bytesValue(r.bytes(end));
        break;
      default:
        r.skip(wireType, end);
    }
  }
  r.finish(end, 'AnyValue');
  return value;
}

/** An AnyValue as a wide-event value; undefined when it holds none. */
export function decodeFieldValue(r: WireReader, end: number): KeyValue['value'] | undefined {
  const value = decodeAnyValue(r, end, 1);
  return value === null ? undefined : fieldValueOf(value);
}

/**
 * KeyValue { string key = 1; AnyValue value = 2 }, appended unless it has no value, a
 * key-value list as one attribute per entry (appendAttribute).
 */
export function decodeKeyValue(r: WireReader, end: number, into: KeyValue[]): void {
  let key = '';
  let value: StructuredValue = null;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'KeyValue.key');
        key = r.string(end);
        break;
      case 2:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'KeyValue.value');
        value = decodeAnyValue(r, r.delimitedEnd(end), 1);
        break;
      default:
        r.skip(tag & 7, end);
    }
  }
  r.finish(end, 'KeyValue');
  appendAttribute(into, key, value);
}

/**
 * Resource { repeated KeyValue attributes = 1; dropped_attributes_count = 2 }, merged into
 * `into` as protobuf merges a message field sent more than once.
 */
export function decodeResource(r: WireReader, end: number, into: OtlpResource): void {
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) {
      r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'Resource.attributes');
      decodeKeyValue(r, r.delimitedEnd(end), into.attributes);
    } else r.skip(tag & 7, end);
  }
  r.finish(end, 'Resource');
}

/** InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3 }, merged into `scope`. */
export function decodeScope(r: WireReader, end: number, scope: OtlpScope): void {
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'InstrumentationScope.name');
        scope.name = r.string(end);
        break;
      case 2:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'InstrumentationScope.version');
        scope.version = r.string(end);
        break;
      case 3:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'InstrumentationScope.attributes');
        decodeKeyValue(r, r.delimitedEnd(end), scope.attributes);
        break;
      default:
        r.skip(tag & 7, end);
    }
  }
  r.finish(end, 'InstrumentationScope');
}
