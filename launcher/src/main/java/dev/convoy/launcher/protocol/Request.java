package dev.convoy.launcher.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request line: {@code {"version":1,"id":"7","command":"Sync","vmi":{...}}}. {@code version}
 * may be omitted only for {@code Info}; {@code vmi} is the whole VirtualMachineInstance as JSON,
 * for {@code Sync} only.
 */
public record Request(Integer version, String id, String command, JsonNode vmi) {}
