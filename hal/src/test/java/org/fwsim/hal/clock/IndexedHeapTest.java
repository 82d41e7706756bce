package org.fwsim.hal.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IndexedHeapTest {

  private static final class Item extends IndexedHeap.Entry {
    long key;
    final int id;

    Item(long key, int id) {
      this.key = key;
      this.id = id;
    }
  }

  private static final Comparator<Item> ORDER =
      Comparator.<Item>comparingLong(i -> i.key).thenComparingInt(i -> i.id);

  @Test
  void pollsInOrderWhateverWasMovedOrRemoved() {
    Random random = new Random(7);
    IndexedHeap<Item> heap = new IndexedHeap<>(ORDER, 2);
    List<Item> model = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      Item item = new Item(random.nextInt(500), i);
      heap.add(item);
      model.add(item);
    }
    for (int i = 0; i < 500; i++) {
      Item moved = model.get(random.nextInt(model.size()));
      moved.key = random.nextInt(500);
      heap.update(moved);
      Item gone = model.remove(random.nextInt(model.size()));
      assertTrue(heap.remove(gone));
      assertFalse(gone.inHeap());
      assertFalse(heap.remove(gone), "removing twice is a no-op");
    }
    model.sort(ORDER);
    assertEquals(model.size(), heap.size());
    for (Item expected : model) {
      assertEquals(expected, heap.poll());
    }
    assertNull(heap.poll());
    assertTrue(heap.isEmpty());
  }

  @Test
  void anEntryBelongsToOneHeap() {
    IndexedHeap<Item> one = new IndexedHeap<>(ORDER, 4);
    IndexedHeap<Item> other = new IndexedHeap<>(ORDER, 4);
    Item a = new Item(1, 1);
    other.add(new Item(0, 0)); // so that a's index is valid in other as well
    one.add(a);
    assertThrows(IllegalArgumentException.class, () -> other.add(a));
    assertThrows(IllegalArgumentException.class, () -> other.update(a));
    assertFalse(other.remove(a));
    assertTrue(one.contains(a));
  }

  @Test
  void updateAddsAnEntryThatIsInNoHeapAndClearEmptiesIt() {
    IndexedHeap<Item> heap = new IndexedHeap<>(ORDER, 4);
    Item a = new Item(5, 1);
    Item b = new Item(3, 2);
    heap.update(a);
    heap.update(b);
    assertEquals(b, heap.peek());
    b.key = 9;
    heap.update(b);
    assertEquals(a, heap.peek());
    heap.clear();
    assertEquals(0, heap.size());
    assertFalse(a.inHeap());
    assertFalse(b.inHeap());
  }
}
