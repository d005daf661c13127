package dev.convoy.importer.vsphere;

import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.MethodFault;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads vSphere SOAP responses into yavijava's {@code com.vmware.vim25} data objects, streaming,
 * and tolerating what yavijava 6.0 does not know:
 *
 * <ul>
 *   <li>an element with no matching field is read generically (text, or a map of its children) and
 *       kept in the object's {@code dynamicProperty} array, and counted in {@link UnknownContent};
 *   <li>an {@code xsi:type} with no yavijava class is read as the declared type, its name kept in
 *       {@code dynamicType};
 *   <li>an enum value yavijava lacks becomes null (counted);
 *   <li>attributes are read by name, so their order (e.g. {@code xsi:type} before {@code type} on a
 *       managed object reference) does not matter.
 * </ul>
 *
 * {@code ArrayOfX} values (in {@code DynamicProperty.val}) are returned as Java arrays.
 */
final class TolerantVimParser {
  static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
  private static final String VIM_PACKAGE = "com.vmware.vim25.";

  private static final XMLInputFactory FACTORY = newFactory();
  private static final Map<String, Optional<Class<?>>> VIM_CLASSES = new ConcurrentHashMap<>();
  private static final ClassValue<TypeInfo> TYPES =
      new ClassValue<>() {
        @Override
        protected TypeInfo computeValue(Class<?> type) {
          return new TypeInfo(type);
        }
      };
  private static final ClassValue<Map<String, Object>> ENUMS =
      new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
          return enumValues(type);
        }
      };
  private static final Map<String, Class<?>> XSD_TYPES =
      Map.ofEntries(
          Map.entry("string", String.class),
          Map.entry("anyURI", String.class),
          Map.entry("anyType", String.class),
          Map.entry("int", Integer.class),
          Map.entry("long", Long.class),
          Map.entry("short", Short.class),
          Map.entry("byte", Byte.class),
          Map.entry("boolean", Boolean.class),
          Map.entry("float", Float.class),
          Map.entry("double", Double.class),
          Map.entry("dateTime", Calendar.class),
          Map.entry("base64Binary", byte[].class));
  private static final Map<Class<?>, Class<?>> BOXES =
      Map.of(
          int.class, Integer.class,
          long.class, Long.class,
          short.class, Short.class,
          byte.class, Byte.class,
          boolean.class, Boolean.class,
          float.class, Float.class,
          double.class, Double.class);

  private final UnknownContent unknown;

  TolerantVimParser(UnknownContent unknown) {
    this.unknown = unknown;
  }

  private static XMLInputFactory newFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    return factory;
  }

  /**
   * Parses a SOAP envelope. {@code returnType} is yavijava's name for the result: a vim25 class
   * name, {@code X[]}, {@code String}, {@code int}, {@code boolean}, {@code long}, {@code
   * Calendar}, or null for none.
   *
   * @throws VimFaultException when the body is a SOAP fault
   * @throws XMLStreamException when the response is not a SOAP envelope
   */
  Object parse(InputStream body, String returnType) throws VimFaultException, XMLStreamException {
    XMLStreamReader r = FACTORY.createXMLStreamReader(body);
    try {
      nextStart(r); // Envelope
      if (!"Envelope".equals(r.getLocalName())) {
        throw new XMLStreamException("expected a SOAP Envelope, got <" + r.getLocalName() + ">");
      }
      // Skip an optional Header until Body.
      while (nextStart(r) && !"Body".equals(r.getLocalName())) {
        skip(r);
      }
      if (r.getEventType() != XMLStreamConstants.START_ELEMENT) {
        throw new XMLStreamException("SOAP Envelope without a Body");
      }
      if (r.nextTag() != XMLStreamConstants.START_ELEMENT) {
        return null; // empty body
      }
      if ("Fault".equals(r.getLocalName())) {
        throw readFault(r);
      }
      return readReturn(r, returnType);
    } finally {
      r.close();
    }
  }

  private Object readReturn(XMLStreamReader r, String returnType) throws XMLStreamException {
    if (returnType == null || "void".equals(returnType)) {
      skip(r);
      return null;
    }
    boolean array = returnType.endsWith("[]");
    Class<?> type =
        returnClass(array ? returnType.substring(0, returnType.length() - 2) : returnType);
    List<Object> values = new ArrayList<>();
    while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
      values.add(readValue(r, type, "returnval"));
    }
    if (array) {
      return toArray(values, type);
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static Class<?> returnClass(String name) throws XMLStreamException {
    switch (name) {
      case "String":
        return String.class;
      case "int":
        return Integer.class;
      case "long":
        return Long.class;
      case "boolean":
        return Boolean.class;
      case "Calendar":
        return Calendar.class;
      default:
        Class<?> vim = vimClass(name);
        if (vim == null) {
          throw new XMLStreamException("unknown return type " + name);
        }
        return vim;
    }
  }

  private VimFaultException readFault(XMLStreamReader r) throws XMLStreamException {
    String faultString = null;
    MethodFault fault = null;
    String faultType = null;
    while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
      switch (r.getLocalName()) {
        case "faultstring" -> faultString = r.getElementText().trim();
        case "detail" -> {
          while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (fault == null) {
              String xsiType = localName(r.getAttributeValue(XSI, "type"));
              String element = r.getLocalName();
              faultType =
                  xsiType != null
                      ? xsiType
                      : element.endsWith("Fault")
                          ? element.substring(0, element.length() - 5)
                          : element;
              Class<?> known = vimClass(faultType);
              Class<?> declared =
                  known != null && MethodFault.class.isAssignableFrom(known)
                      ? known
                      : MethodFault.class;
              Object value = readObject(r, declared, known == null ? faultType : null);
              fault = (MethodFault) value;
            } else {
              skip(r);
            }
          }
        }
        default -> skip(r);
      }
    }
    if (faultType == null) {
      faultType = "SOAPFault";
    }
    return new VimFaultException(faultString, faultType, fault);
  }

  /** Reads the element at the cursor as {@code declared} (or its {@code xsi:type}). */
  private Object readValue(XMLStreamReader r, Class<?> declared, String owner)
      throws XMLStreamException {
    String xsiType = localName(r.getAttributeValue(XSI, "type"));
    Class<?> target = declared;
    String unknownType = null;
    if (xsiType != null) {
      Class<?> typed = XSD_TYPES.get(xsiType);
      if (typed == null) {
        typed = vimClass(xsiType);
      }
      if (typed == null) {
        unknownType = xsiType;
        unknown.type(xsiType);
      } else if (assignable(declared, typed)) {
        target = typed;
      }
    }
    if (target == Object.class) {
      return readGeneric(r);
    }
    if (target.isPrimitive()) {
      target = BOXES.get(target);
    }
    if (isSimple(target)) {
      return convert(r.getElementText(), target, owner);
    }
    if (target == ManagedObjectReference.class) {
      ManagedObjectReference ref = new ManagedObjectReference();
      ref.type = unqualifiedAttribute(r, "type");
      ref.val = r.getElementText().trim();
      return ref;
    }
    return readObject(r, target, unknownType);
  }

  private Object readObject(XMLStreamReader r, Class<?> target, String unknownType)
      throws XMLStreamException {
    TypeInfo info = TYPES.get(target);
    Object object = info.newInstance();
    Map<FieldInfo, List<Object>> arrays = null;
    List<DynamicProperty> extra = null;
    String ownerName = unknownType != null ? unknownType : target.getSimpleName();
    while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
      String name = r.getLocalName();
      FieldInfo field = info.field(name);
      if (field == null) {
        unknown.field(ownerName, name);
        DynamicProperty property = new DynamicProperty();
        property.name = name;
        property.val = readGeneric(r);
        if (extra == null) {
          extra = new ArrayList<>();
        }
        extra.add(property);
        continue;
      }
      if (field.component != null) {
        Object value = readValue(r, field.component, ownerName);
        if (arrays == null) {
          arrays = new IdentityHashMap<>();
        }
        arrays.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
      } else {
        field.set(object, readValue(r, field.type, ownerName));
      }
    }
    if (arrays != null) {
      for (Map.Entry<FieldInfo, List<Object>> e : arrays.entrySet()) {
        e.getKey().set(object, toArray(e.getValue(), e.getKey().component));
      }
    }
    if (extra != null && info.dynamicProperty != null) {
      DynamicProperty[] existing = (DynamicProperty[]) info.dynamicProperty.get(object);
      if (existing != null) {
        extra.addAll(0, List.of(existing));
      }
      info.dynamicProperty.set(object, extra.toArray(new DynamicProperty[0]));
    }
    if (unknownType != null && info.dynamicType != null) {
      info.dynamicType.set(object, unknownType);
    }
    if (info.arrayWrapper != null) {
      Object array = info.arrayWrapper.get(object);
      return array != null ? array : Array.newInstance(info.arrayWrapper.component, 0);
    }
    return object;
  }

  /**
   * Reads an element whose type is unknown: a known {@code xsi:type} is honoured, else text for a
   * leaf and a map of children (repeated names become lists) for the rest.
   */
  private Object readGeneric(XMLStreamReader r) throws XMLStreamException {
    String xsiType = localName(r.getAttributeValue(XSI, "type"));
    if (xsiType != null) {
      Class<?> typed = XSD_TYPES.get(xsiType);
      if (typed == null) {
        typed = vimClass(xsiType);
      }
      if (typed != null) {
        return readValue(r, typed, xsiType);
      }
      unknown.type(xsiType);
    }
    StringBuilder text = new StringBuilder();
    Map<String, Object> children = null;
    while (true) {
      int event = r.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        if (children == null) {
          children = new LinkedHashMap<>();
        }
        String name = r.getLocalName();
        Object value = readGeneric(r);
        Object previous = children.get(name);
        if (previous == null) {
          children.put(name, value);
        } else if (previous instanceof GenericList list) {
          list.add(value);
        } else {
          GenericList list = new GenericList();
          list.add(previous);
          list.add(value);
          children.put(name, list);
        }
      } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
        text.append(r.getText());
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        break;
      }
    }
    return children != null ? children : text.toString();
  }

  /** A list of repeated generic elements, distinct from any value a vim25 object could hold. */
  static final class GenericList extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;
  }

  private Object convert(String text, Class<?> type, String owner) {
    String value = type == String.class ? text : text.trim();
    try {
      if (type == String.class) {
        return value;
      } else if (type == Integer.class) {
        return Integer.valueOf(value);
      } else if (type == Long.class) {
        return Long.valueOf(value);
      } else if (type == Boolean.class) {
        return "true".equals(value) || "1".equals(value);
      } else if (type == Short.class) {
        return Short.valueOf(value);
      } else if (type == Byte.class) {
        return Byte.valueOf(value);
      } else if (type == Float.class) {
        return Float.valueOf(value);
      } else if (type == Double.class) {
        return Double.valueOf(value);
      } else if (type == Calendar.class) {
        return calendar(value);
      } else if (type == byte[].class) {
        return Base64.getMimeDecoder().decode(value);
      } else if (type.isEnum()) {
        Object constant = ENUMS.get(type).get(value);
        if (constant == null) {
          unknown.field(type.getSimpleName(), value);
        }
        return constant;
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      unknown.field(owner, "(unparsable " + type.getSimpleName() + " '" + value + "')");
      return null;
    }
    throw new IllegalStateException("not a simple type: " + type);
  }

  private static Calendar calendar(String value) {
    try {
      return GregorianCalendar.from(OffsetDateTime.parse(value).toZonedDateTime());
    } catch (DateTimeParseException e) {
      return GregorianCalendar.from(LocalDateTime.parse(value).atZone(ZoneOffset.UTC));
    }
  }

  private static boolean isSimple(Class<?> type) {
    return type == String.class
        || type == Integer.class
        || type == Long.class
        || type == Boolean.class
        || type == Short.class
        || type == Byte.class
        || type == Float.class
        || type == Double.class
        || type == Calendar.class
        || type == byte[].class
        || type.isEnum();
  }

  private static boolean assignable(Class<?> declared, Class<?> typed) {
    if (declared.isAssignableFrom(typed)) {
      return true;
    }
    Class<?> box = BOXES.get(declared);
    return box != null && box == typed;
  }

  private static Object toArray(List<Object> values, Class<?> component) {
    Object array = Array.newInstance(component, values.size());
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      if (value != null || !component.isPrimitive()) {
        Array.set(array, i, value);
      }
    }
    return array;
  }

  static Class<?> vimClass(String name) {
    return VIM_CLASSES
        .computeIfAbsent(
            name,
            n -> {
              try {
                return Optional.of(
                    Class.forName(
                        VIM_PACKAGE + n, false, TolerantVimParser.class.getClassLoader()));
              } catch (ClassNotFoundException | LinkageError e) {
                return Optional.empty();
              }
            })
        .orElse(null);
  }

  /**
   * The attribute {@code name} without a namespace. {@code getAttributeValue(null, name)} would
   * also match {@code xsi:type}, and which one wins depends on attribute order.
   */
  private static String unqualifiedAttribute(XMLStreamReader r, String name) {
    for (int i = 0; i < r.getAttributeCount(); i++) {
      String namespace = r.getAttributeNamespace(i);
      if ((namespace == null || namespace.isEmpty()) && name.equals(r.getAttributeLocalName(i))) {
        return r.getAttributeValue(i);
      }
    }
    return null;
  }

  private static String localName(String qualified) {
    if (qualified == null) {
      return null;
    }
    int colon = qualified.indexOf(':');
    return colon < 0 ? qualified : qualified.substring(colon + 1);
  }

  private static boolean nextStart(XMLStreamReader r) throws XMLStreamException {
    while (r.hasNext()) {
      int event = r.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        return true;
      }
      if (event == XMLStreamConstants.END_ELEMENT || event == XMLStreamConstants.END_DOCUMENT) {
        return false;
      }
    }
    return false;
  }

  private static void skip(XMLStreamReader r) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int event = r.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
  }

  private static Map<String, Object> enumValues(Class<?> type) {
    Map<String, Object> byValue = new HashMap<>();
    Field val = null;
    try {
      val = type.getDeclaredField("val");
      val.setAccessible(true);
    } catch (NoSuchFieldException | RuntimeException e) {
      val = null;
    }
    for (Object constant : type.getEnumConstants()) {
      byValue.put(((Enum<?>) constant).name(), constant);
      if (val != null) {
        try {
          Object text = val.get(constant);
          if (text instanceof String s) {
            byValue.put(s, constant);
          }
        } catch (IllegalAccessException e) {
          // the enum's name is enough
        }
      }
    }
    return byValue;
  }

  /** The settable public fields of a vim25 class, by XML element name. */
  private static final class TypeInfo {
    private final Class<?> type;
    private final java.lang.reflect.Constructor<?> constructor;
    private final Map<String, FieldInfo> fields = new HashMap<>();
    private final FieldInfo dynamicProperty;
    private final FieldInfo dynamicType;
    private final FieldInfo arrayWrapper;

    TypeInfo(Class<?> type) {
      this.type = type;
      java.lang.reflect.Constructor<?> noArgs;
      try {
        noArgs = type.getDeclaredConstructor();
      } catch (NoSuchMethodException e) {
        noArgs = null;
      }
      this.constructor = noArgs;
      for (Field field : type.getFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        FieldInfo info = new FieldInfo(field);
        String name = field.getName();
        fields.put(name, info);
        if (name.startsWith("_")) {
          fields.putIfAbsent(name.substring(1), info); // _long, _int, _this ...
        }
      }
      this.dynamicProperty = fields.get("dynamicProperty");
      this.dynamicType = fields.get("dynamicType");
      FieldInfo wrapped = null;
      if (type.getSimpleName().startsWith("ArrayOf") && type.getFields().length == 1) {
        wrapped = fields.values().iterator().next();
      }
      this.arrayWrapper = wrapped != null && wrapped.component != null ? wrapped : null;
    }

    FieldInfo field(String name) {
      FieldInfo field = fields.get(name);
      if (field == null) {
        field = fields.get(Character.toLowerCase(name.charAt(0)) + name.substring(1));
      }
      return field;
    }

    Object newInstance() throws XMLStreamException {
      if (constructor == null) {
        throw new XMLStreamException(
            "cannot create " + type.getName() + ": no no-argument constructor");
      }
      try {
        return constructor.newInstance();
      } catch (ReflectiveOperationException e) {
        throw new XMLStreamException("cannot create " + type.getName() + ": " + e);
      }
    }
  }

  /** One settable field; {@code component} is set for array fields. */
  private static final class FieldInfo {
    private final Field field;
    final Class<?> type;
    final Class<?> component;

    FieldInfo(Field field) {
      this.field = field;
      this.type = field.getType();
      this.component = type.isArray() && type != byte[].class ? type.getComponentType() : null;
    }

    void set(Object target, Object value) throws XMLStreamException {
      if (value == null && type.isPrimitive()) {
        return;
      }
      try {
        field.set(target, value);
      } catch (IllegalAccessException | IllegalArgumentException e) {
        throw new XMLStreamException(
            "cannot set " + field.getDeclaringClass().getSimpleName() + "." + field.getName(), e);
      }
    }

    Object get(Object target) throws XMLStreamException {
      try {
        return field.get(target);
      } catch (IllegalAccessException e) {
        throw new XMLStreamException("cannot read " + field.getName(), e);
      }
    }
  }
}
