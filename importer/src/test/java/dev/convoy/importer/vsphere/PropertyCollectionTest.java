package dev.convoy.importer.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.RetrieveResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The paging loop, against a page source that pages like a real vCenter (vcsim does not page). */
class PropertyCollectionTest {

  /** Serves {@code total} objects in pages of {@code size}, checking tokens like vCenter. */
  static final class FakePages implements PropertyCollection.PageSource {
    final int total;
    final int size;
    final List<String> calls = new ArrayList<>();

    FakePages(int total, int size) {
      this.total = total;
      this.size = size;
    }

    @Override
    public RetrieveResult first() {
      calls.add("RetrievePropertiesEx");
      return page(0);
    }

    @Override
    public RetrieveResult next(String token) {
      calls.add("ContinueRetrievePropertiesEx(" + token + ")");
      int from = Integer.parseInt(token.substring("token-".length()));
      return page(from);
    }

    private RetrieveResult page(int from) {
      RetrieveResult result = new RetrieveResult();
      int to = Math.min(total, from + size);
      result.objects = new ObjectContent[to - from];
      for (int i = from; i < to; i++) {
        ObjectContent o = new ObjectContent();
        o.obj = new ManagedObjectReference();
        o.obj.type = "VirtualMachine";
        o.obj.val = "vm-" + i;
        result.objects[i - from] = o;
      }
      result.token = to < total ? "token-" + to : null;
      return result;
    }
  }

  @Test
  void readsEveryPageInOrder() throws Exception {
    FakePages pages = new FakePages(2500, 1000);
    List<String> seen = new ArrayList<>();
    int count = PropertyCollection.readAll(pages, o -> seen.add(o.obj.val));
    assertThat(count).isEqualTo(3);
    assertThat(seen).hasSize(2500).startsWith("vm-0").endsWith("vm-2499").doesNotHaveDuplicates();
    assertThat(pages.calls)
        .containsExactly(
            "RetrievePropertiesEx",
            "ContinueRetrievePropertiesEx(token-1000)",
            "ContinueRetrievePropertiesEx(token-2000)");
  }

  @Test
  void aSinglePageNeedsNoContinuation() throws Exception {
    FakePages pages = new FakePages(10, 1000);
    assertThat(PropertyCollection.readAll(pages, o -> {})).isEqualTo(1);
    assertThat(pages.calls).containsExactly("RetrievePropertiesEx");
  }

  @Test
  void anEmptyResultIsOnePage() throws Exception {
    PropertyCollection.PageSource empty =
        new PropertyCollection.PageSource() {
          @Override
          public RetrieveResult first() {
            return null;
          }

          @Override
          public RetrieveResult next(String token) {
            throw new AssertionError("no continuation without a token");
          }
        };
    assertThat(PropertyCollection.readAll(empty, o -> {})).isZero();
  }
}
