package paimonsim.oracle;

import org.apache.paimon.data.BinaryString;
import org.apache.paimon.data.Decimal;
import org.apache.paimon.data.GenericArray;
import org.apache.paimon.data.GenericMap;
import org.apache.paimon.data.GenericRow;
import org.apache.paimon.data.InternalArray;
import org.apache.paimon.data.InternalMap;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.data.Timestamp;
import org.apache.paimon.shade.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.paimon.shade.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.paimon.shade.jackson2.com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.paimon.shade.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.paimon.types.ArrayType;
import org.apache.paimon.types.DataField;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.DataTypeChecks;
import org.apache.paimon.types.MapType;
import org.apache.paimon.types.MultisetType;
import org.apache.paimon.types.RowKind;
import org.apache.paimon.types.RowType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The interop suite's JSON value encoding (test/interop/README.md, "The JSON value encoding"; the same as
 * harness.ts and py/values.py) to and from Paimon's internal data structures (GenericRow, BinaryString, Decimal,
 * Timestamp, ...). Nested types extend it: ARRAY a JSON array, MAP and MULTISET a JSON array of [key, value] /
 * [element, count] pairs, ROW an object keyed by field name; TIME(p) "HH:MM:SS" + p fraction digits.
 */
final class Values {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Values() {}

    /** A row of the JSON encoding (object keyed by field name) as a GenericRow of the given kind. */
    static GenericRow toRow(RowType type, JsonNode json, RowKind kind) {
        GenericRow row = new GenericRow(kind, type.getFieldCount());
        for (int i = 0; i < type.getFieldCount(); i++) {
            DataField field = type.getFields().get(i);
            JsonNode value = json.get(field.name());
            row.setField(i, toInternal(field.type(), value));
        }
        return row;
    }

    static Object toInternal(DataType type, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return v.booleanValue();
            case TINYINT:
                return (byte) v.intValue();
            case SMALLINT:
                return (short) v.intValue();
            case INTEGER:
                return v.intValue();
            case BIGINT:
                return Long.parseLong(v.asText());
            case FLOAT:
                return (float) v.doubleValue();
            case DOUBLE:
                return v.doubleValue();
            case CHAR:
            case VARCHAR:
                return BinaryString.fromString(v.asText());
            case BINARY:
            case VARBINARY:
                return HexFormat.of().parseHex(v.asText());
            case DECIMAL:
                return Decimal.fromBigDecimal(
                        new BigDecimal(v.asText()),
                        DataTypeChecks.getPrecision(type),
                        DataTypeChecks.getScale(type));
            case DATE:
                return (int) LocalDate.parse(v.asText()).toEpochDay();
            case TIME_WITHOUT_TIME_ZONE:
                return (int) (LocalTime.parse(v.asText()).toNanoOfDay() / 1_000_000L);
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                // LTZ values are encoded as their UTC wall-clock time; Paimon keeps both as epoch-based Timestamp
                return Timestamp.fromLocalDateTime(LocalDateTime.parse(v.asText()));
            case ARRAY:
                {
                    DataType element = ((ArrayType) type).getElementType();
                    Object[] values = new Object[v.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = toInternal(element, v.get(i));
                    }
                    return new GenericArray(values);
                }
            case MULTISET:
                {
                    DataType element = ((MultisetType) type).getElementType();
                    Map<Object, Object> map = new LinkedHashMap<>();
                    for (JsonNode pair : v) {
                        map.put(toInternal(element, pair.get(0)), pair.get(1).intValue());
                    }
                    return new GenericMap(map);
                }
            case MAP:
                {
                    MapType map = (MapType) type;
                    Map<Object, Object> entries = new LinkedHashMap<>();
                    for (JsonNode pair : v) {
                        entries.put(
                                toInternal(map.getKeyType(), pair.get(0)),
                                toInternal(map.getValueType(), pair.get(1)));
                    }
                    return new GenericMap(entries);
                }
            case ROW:
                return toRow((RowType) type, v, RowKind.INSERT);
            default:
                throw new IllegalArgumentException("type not covered by the interop JSON encoding: " + type);
        }
    }

    /** A row read by Paimon → the JSON encoding. */
    static ObjectNode toJson(RowType type, InternalRow row) {
        ObjectNode out = NODES.objectNode();
        for (int i = 0; i < type.getFieldCount(); i++) {
            DataField field = type.getFields().get(i);
            Object internal = InternalRow.createFieldGetter(field.type(), i).getFieldOrNull(row);
            out.set(field.name(), toJson(field.type(), internal));
        }
        return out;
    }

    static JsonNode toJson(DataType type, Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return NODES.booleanNode((Boolean) v);
            case TINYINT:
                return NODES.numberNode((int) (Byte) v);
            case SMALLINT:
                return NODES.numberNode((int) (Short) v);
            case INTEGER:
                return NODES.numberNode((Integer) v);
            case BIGINT:
                return NODES.textNode(Long.toString((Long) v));
            case FLOAT:
                return NODES.numberNode((double) (Float) v);
            case DOUBLE:
                return NODES.numberNode((Double) v);
            case CHAR:
            case VARCHAR:
                return NODES.textNode(v.toString());
            case BINARY:
            case VARBINARY:
                return NODES.textNode(HexFormat.of().formatHex((byte[]) v));
            case DECIMAL:
                return NODES.textNode(
                        ((Decimal) v)
                                .toBigDecimal()
                                .setScale(DataTypeChecks.getScale(type))
                                .toPlainString());
            case DATE:
                return NODES.textNode(LocalDate.ofEpochDay((Integer) v).toString());
            case TIME_WITHOUT_TIME_ZONE:
                {
                    LocalTime t = LocalTime.ofNanoOfDay((Integer) v * 1_000_000L);
                    String seconds =
                            String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
                    return NODES.textNode(
                            withFraction(seconds, t.getNano(), DataTypeChecks.getPrecision(type)));
                }
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                {
                    LocalDateTime t = ((Timestamp) v).toLocalDateTime();
                    String seconds =
                            String.format(
                                    "%04d-%02d-%02dT%02d:%02d:%02d",
                                    t.getYear(),
                                    t.getMonthValue(),
                                    t.getDayOfMonth(),
                                    t.getHour(),
                                    t.getMinute(),
                                    t.getSecond());
                    return NODES.textNode(
                            withFraction(seconds, t.getNano(), DataTypeChecks.getPrecision(type)));
                }
            case ARRAY:
                {
                    DataType element = ((ArrayType) type).getElementType();
                    InternalArray array = (InternalArray) v;
                    InternalArray.ElementGetter getter = InternalArray.createElementGetter(element);
                    ArrayNode out = NODES.arrayNode();
                    for (int i = 0; i < array.size(); i++) {
                        out.add(toJson(element, getter.getElementOrNull(array, i)));
                    }
                    return out;
                }
            case MULTISET:
            case MAP:
                {
                    DataType keyType =
                            type instanceof MapType
                                    ? ((MapType) type).getKeyType()
                                    : ((MultisetType) type).getElementType();
                    DataType valueType =
                            type instanceof MapType
                                    ? ((MapType) type).getValueType()
                                    : new org.apache.paimon.types.IntType(false);
                    InternalMap map = (InternalMap) v;
                    InternalArray.ElementGetter keys = InternalArray.createElementGetter(keyType);
                    InternalArray.ElementGetter values = InternalArray.createElementGetter(valueType);
                    ArrayNode out = NODES.arrayNode();
                    for (int i = 0; i < map.size(); i++) {
                        ArrayNode pair = NODES.arrayNode();
                        pair.add(toJson(keyType, keys.getElementOrNull(map.keyArray(), i)));
                        pair.add(toJson(valueType, values.getElementOrNull(map.valueArray(), i)));
                        out.add(pair);
                    }
                    return out;
                }
            case ROW:
                return toJson((RowType) type, (InternalRow) v);
            default:
                throw new IllegalArgumentException("type not covered by the interop JSON encoding: " + type);
        }
    }

    /**
     * `base` + "." + exactly `precision` digits of `nanos` (nothing when precision is 0). A value with more
     * digits than its type allows keeps all nine, so that the difference shows instead of being cut off.
     */
    private static String withFraction(String base, int nanos, int precision) {
        String digits = String.format("%09d", nanos);
        if (digits.substring(precision).chars().anyMatch(c -> c != '0')) {
            return base + "." + digits;
        }
        return precision == 0 ? base : base + "." + digits.substring(0, precision);
    }
}
