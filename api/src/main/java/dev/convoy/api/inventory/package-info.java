/**
 * Convoy's one inventory model for every source (vCenter, OVA/OVF, RVTools): plain values that
 * serialise to the JSON/YAML schema documented in {@code docs/inventory.md}. The importer fills it;
 * assessment and migration planning only read it.
 */
package dev.convoy.api.inventory;
