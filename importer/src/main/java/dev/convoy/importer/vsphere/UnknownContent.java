package dev.convoy.importer.vsphere;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a vSphere server sent that yavijava's 6.0 model has no place for: properties of newer API
 * versions ({@code VirtualMachineBootOptions.efiSecureBootEnabled}) and types ({@code VirtualTPM}).
 * The parser keeps their values (as {@code dynamicProperty} / {@code dynamicType}), and counts them
 * here so a run can report what it skipped instead of failing on it.
 */
public final class UnknownContent {
  private final Map<String, LongAdder> fields = new ConcurrentSkipListMap<>();
  private final Map<String, LongAdder> types = new ConcurrentSkipListMap<>();

  void field(String owner, String name) {
    fields.computeIfAbsent(owner + "." + name, k -> new LongAdder()).increment();
  }

  void type(String name) {
    types.computeIfAbsent(name, k -> new LongAdder()).increment();
  }

  /** {@code Type.field} names seen, sorted. */
  public List<String> fields() {
    return List.copyOf(fields.keySet());
  }

  /** Type names seen, sorted. */
  public List<String> types() {
    return List.copyOf(types.keySet());
  }

  /** True when nothing unknown arrived. */
  public boolean isEmpty() {
    return fields.isEmpty() && types.isEmpty();
  }
}
