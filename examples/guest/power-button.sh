#!/bin/sh
# busybox acpid runs /etc/acpi/PWRF/00000080 on an ACPI power-button press.
echo "CONVOY-GUEST-POWEROFF" >/dev/console
sync
poweroff -f
