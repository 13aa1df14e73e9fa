"""The JSON value encoding shared with the TypeScript side (test/interop/harness.ts).

Per Paimon type: BIGINT as a decimal string; DECIMAL as a string with exactly `scale` fraction digits;
TIMESTAMP/TIMESTAMP_LTZ as a string of epoch nanoseconds; DATE as epoch days; TIME as millis of day;
BINARY/VARBINARY/BYTES as hex; other numbers, booleans and strings as themselves; null as null.
"""
import datetime
import decimal
import re

import pyarrow as pa

_TS = re.compile(r'^TIMESTAMP(?:\((\d)\))?( WITH LOCAL TIME ZONE)?$')
_DEC = re.compile(r'^DECIMAL\((\d+), (\d+)\)$')


def base_type(type_string):
    return type_string[:-len(' NOT NULL')] if type_string.endswith(' NOT NULL') else type_string


def arrow_type(type_string):
    t = base_type(type_string)
    simple = {
        'BOOLEAN': pa.bool_(), 'TINYINT': pa.int8(), 'SMALLINT': pa.int16(), 'INT': pa.int32(),
        'BIGINT': pa.int64(), 'FLOAT': pa.float32(), 'DOUBLE': pa.float64(), 'STRING': pa.string(),
        'BYTES': pa.binary(), 'DATE': pa.date32(),
    }
    if t in simple:
        return simple[t]
    m = _DEC.match(t)
    if m:
        return pa.decimal128(int(m.group(1)), int(m.group(2)))
    m = _TS.match(t)
    if m:
        precision = int(m.group(1) or 6)
        unit = 'ms' if precision <= 3 else 'us' if precision <= 6 else 'ns'
        return pa.timestamp(unit, tz='UTC' if m.group(2) else None)
    raise ValueError('type not covered by the interop harness: ' + type_string)


def arrow_schema(fields):
    return pa.schema([pa.field(f['name'], arrow_type(f['type']), nullable=not f['type'].endswith('NOT NULL'))
                      for f in fields])


def to_arrow_column(type_string, values):
    t = base_type(type_string)
    at = arrow_type(type_string)
    if t == 'BIGINT':
        return pa.array([None if v is None else int(v) for v in values], at)
    if t.startswith('DECIMAL'):
        return pa.array([None if v is None else decimal.Decimal(v) for v in values], at)
    if t.startswith('TIMESTAMP'):
        per_unit = {'ms': 1_000_000, 'us': 1_000, 'ns': 1}[at.unit]
        return pa.array([None if v is None else int(v) // per_unit for v in values], pa.int64()).cast(at)
    if t == 'DATE':
        return pa.array([None if v is None else v for v in values], pa.int32()).cast(at)
    if t == 'BYTES':
        return pa.array([None if v is None else bytes.fromhex(v) for v in values], at)
    return pa.array(values, at)


def to_json_value(type_string, v):
    if v is None:
        return None
    t = base_type(type_string)
    if t == 'BIGINT':
        return str(v)
    m = _DEC.match(t)
    if m:
        return format(decimal.Decimal(v).quantize(decimal.Decimal(1).scaleb(-int(m.group(2)))), 'f')
    if t.startswith('TIMESTAMP'):
        return str(v)  # already epoch nanos (see column_to_json)
    if t == 'DATE':
        return (v - datetime.date(1970, 1, 1)).days
    if t in ('BYTES',) or t.startswith('BINARY') or t.startswith('VARBINARY'):
        return v.hex()
    return v


def column_to_json(type_string, column):
    t = base_type(type_string)
    if t.startswith('TIMESTAMP'):
        nanos = column.cast(pa.timestamp('ns', tz=column.type.tz)).cast(pa.int64())
        return [None if v is None else str(v) for v in nanos.to_pylist()]
    return [to_json_value(type_string, v) for v in column.to_pylist()]
