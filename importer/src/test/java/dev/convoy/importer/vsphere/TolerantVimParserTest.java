package dev.convoy.importer.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.InvalidLogin;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.RetrieveResult;
import com.vmware.vim25.ServiceContent;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualDisk;
import com.vmware.vim25.VirtualDiskFlatVer2BackingInfo;
import com.vmware.vim25.VirtualMachineBootOptions;
import com.vmware.vim25.VirtualMachinePowerState;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Calendar;
import org.junit.jupiter.api.Test;

class TolerantVimParserTest {
  private final UnknownContent unknown = new UnknownContent();
  private final TolerantVimParser parser = new TolerantVimParser(unknown);

  private Object parse(String body, String returnType) throws Exception {
    String envelope =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>"
            + body
            + "</soapenv:Body></soapenv:Envelope>";
    return parser.parse(
        new ByteArrayInputStream(envelope.getBytes(StandardCharsets.UTF_8)), returnType);
  }

  @Test
  void unknownFieldsAreKeptAsDynamicPropertiesAndCounted() throws Exception {
    ServiceContent content =
        (ServiceContent)
            parse(
                "<RetrieveServiceContentResponse xmlns=\"urn:vim25\"><returnval>"
                    + "<rootFolder type=\"Folder\">group-d1</rootFolder>"
                    + "<vStorageObjectManager type=\"VcenterVStorageObjectManager\">"
                    + "VStorageObjectManager</vStorageObjectManager>"
                    + "<about><name>VMware vCenter Server</name><apiVersion>6.5</apiVersion>"
                    + "<newerAboutField>x</newerAboutField></about>"
                    + "</returnval></RetrieveServiceContentResponse>",
                "ServiceContent");
    assertThat(content.rootFolder.type).isEqualTo("Folder");
    assertThat(content.rootFolder.val).isEqualTo("group-d1");
    assertThat(content.about.apiVersion).isEqualTo("6.5");
    assertThat(content.about.dynamicProperty)
        .extracting(p -> p.name, p -> p.val)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("newerAboutField", "x"));
    assertThat(unknown.fields())
        .containsExactly("AboutInfo.newerAboutField", "ServiceContent.vStorageObjectManager");
  }

  @Test
  void referencesReadTheTypeAttributeWhateverTheAttributeOrder() throws Exception {
    RetrieveResult result =
        (RetrieveResult)
            parse(
                "<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval><objects>"
                    + "<obj type=\"VirtualMachine\">vm-1</obj>"
                    + "<propSet><name>parent</name>"
                    + "<val xsi:type=\"ManagedObjectReference\" type=\"Folder\">group-v3</val>"
                    + "</propSet>"
                    + "<propSet><name>runtime.host</name>"
                    + "<val type=\"HostSystem\" xsi:type=\"ManagedObjectReference\">host-9</val>"
                    + "</propSet>"
                    + "</objects></returnval></RetrievePropertiesExResponse>",
                "RetrieveResult");
    ObjectContent vm = result.objects[0];
    ManagedObjectReference parent = (ManagedObjectReference) vm.propSet[0].val;
    ManagedObjectReference host = (ManagedObjectReference) vm.propSet[1].val;
    assertThat(parent.type + ":" + parent.val).isEqualTo("Folder:group-v3");
    assertThat(host.type + ":" + host.val).isEqualTo("HostSystem:host-9");
  }

  @Test
  void arraysOfSubtypesUnknownTypesAndEnumsAreRead() throws Exception {
    RetrieveResult result =
        (RetrieveResult)
            parse(
                "<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval><objects>"
                    + "<obj type=\"VirtualMachine\">vm-1</obj>"
                    + "<propSet><name>config.hardware.device</name>"
                    + "<val xsi:type=\"ArrayOfVirtualDevice\">"
                    + "<VirtualDevice xsi:type=\"VirtualDisk\"><key>2000</key>"
                    + "<backing xsi:type=\"VirtualDiskFlatVer2BackingInfo\">"
                    + "<fileName>[ds] a/a.vmdk</fileName><diskMode>persistent</diskMode>"
                    + "<thinProvisioned>true</thinProvisioned></backing>"
                    + "<capacityInKB>1024</capacityInKB><capacityInBytes>1048576</capacityInBytes>"
                    + "</VirtualDevice>"
                    + "<VirtualDevice xsi:type=\"VirtualTPM\"><key>11000</key>"
                    + "<endorsementKeyCertificate>AAEC</endorsementKeyCertificate>"
                    + "</VirtualDevice>"
                    + "</val></propSet>"
                    + "<propSet><name>runtime.powerState</name>"
                    + "<val xsi:type=\"VirtualMachinePowerState\">poweredOn</val></propSet>"
                    + "<propSet><name>config.bootOptions</name>"
                    + "<val xsi:type=\"VirtualMachineBootOptions\">"
                    + "<efiSecureBootEnabled>true</efiSecureBootEnabled></val></propSet>"
                    + "<propSet><name>config.modified</name>"
                    + "<val xsi:type=\"xsd:dateTime\">2024-03-01T10:15:30.123456789Z</val></propSet>"
                    + "</objects></returnval></RetrievePropertiesExResponse>",
                "RetrieveResult");
    DynamicProperty[] props = result.objects[0].propSet;
    VirtualDevice[] devices = (VirtualDevice[]) props[0].val;
    assertThat(devices).hasSize(2);
    VirtualDisk disk = (VirtualDisk) devices[0];
    assertThat(disk.capacityInBytes).isEqualTo(1048576L);
    assertThat(((VirtualDiskFlatVer2BackingInfo) disk.backing).thinProvisioned).isTrue();
    assertThat(devices[1].getClass()).isEqualTo(VirtualDevice.class);
    assertThat(devices[1].dynamicType).isEqualTo("VirtualTPM");
    assertThat(devices[1].key).isEqualTo(11000);
    assertThat(props[1].val).isEqualTo(VirtualMachinePowerState.poweredOn);
    VirtualMachineBootOptions boot = (VirtualMachineBootOptions) props[2].val;
    assertThat(boot.dynamicProperty[0].name).isEqualTo("efiSecureBootEnabled");
    assertThat(boot.dynamicProperty[0].val).isEqualTo("true");
    assertThat(((Calendar) props[3].val).toInstant().toString())
        .isEqualTo("2024-03-01T10:15:30.123Z");
    assertThat(unknown.types()).containsExactly("VirtualTPM");
  }

  @Test
  void primitiveArraysAndStringsArrive() throws Exception {
    Object value =
        parse(
            "<X xmlns=\"urn:vim25\"><returnval>a</returnval><returnval>b</returnval></X>",
            "String[]");
    assertThat((String[]) value).containsExactly("a", "b");
    assertThat(parse("<X xmlns=\"urn:vim25\"/>", "ObjectContent[]"))
        .isEqualTo(new ObjectContent[0]);
    assertThat(parse("<X xmlns=\"urn:vim25\"></X>", "RetrieveResult")).isNull();
  }

  @Test
  void faultsKeepTheirMessageAndType() {
    assertThatThrownBy(
            () ->
                parse(
                    "<soapenv:Fault><faultcode>ServerFaultCode</faultcode>"
                        + "<faultstring>Cannot complete login due to an incorrect user name or"
                        + " password.</faultstring><detail>"
                        + "<InvalidLoginFault xmlns=\"urn:vim25\" xsi:type=\"InvalidLogin\">"
                        + "</InvalidLoginFault></detail></soapenv:Fault>",
                    "UserSession"))
        .isInstanceOfSatisfying(
            VimFaultException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo("Cannot complete login due to an incorrect user name or password.");
              assertThat(e.faultType()).isEqualTo("InvalidLogin");
              assertThat(e.fault()).isInstanceOf(InvalidLogin.class);
              assertThat(e.is("VimFault")).isTrue();
            });
  }

  @Test
  void unknownFaultTypesStillNameThemselves() {
    assertThatThrownBy(
            () ->
                parse(
                    "<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring/>"
                        + "<detail><FutureFault xmlns=\"urn:vim25\" xsi:type=\"FutureFault\">"
                        + "<reason>r</reason></FutureFault></detail></soapenv:Fault>",
                    "UserSession"))
        .isInstanceOfSatisfying(
            VimFaultException.class,
            e -> {
              assertThat(e.faultType()).isEqualTo("FutureFault");
              assertThat(e.getMessage()).isEqualTo("FutureFault");
              assertThat(e.fault().dynamicType).isEqualTo("FutureFault");
            });
  }

  @Test
  void notSoapIsAnError() {
    assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream("<html/>".getBytes()), "X"))
        .hasMessageContaining("expected a SOAP Envelope");
  }
}
