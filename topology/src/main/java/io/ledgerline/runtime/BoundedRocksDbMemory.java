package io.ledgerline.runtime;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of an instance by one setting, {@value #MEMORY_BYTES} (default 256 MiB):
 * one block cache shared by all stores, holding their index and filter blocks too, and a write-buffer manager that
 * charges their memtables to that same cache. Without it each of the instance's stores (dozens, times its partitions)
 * takes RocksDB's own defaults, and adding partitions to an instance can exhaust its memory.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    public static final String MEMORY_BYTES = "ledgerline.rocksdb.memory.bytes";
    static final long DEFAULT_MEMORY_BYTES = 256L * 1024 * 1024;
    /** Of the total, what memtables may take; the rest caches data, index and filter blocks. */
    private static final double MEMTABLE_SHARE = 0.25;
    /** Of the cache, what is kept for index and filter blocks, so data blocks cannot evict them. */
    private static final double HIGH_PRIORITY_SHARE = 0.1;

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;
    private static long configuredBytes;

    /** The shared cache and manager, made once per JVM from the first store's configuration. */
    private static synchronized void init(Map<String, Object> configs) {
        if (cache != null) {
            return;
        }
        Object setting = configs.get(MEMORY_BYTES);
        long total = setting == null ? DEFAULT_MEMORY_BYTES : Long.parseLong(setting.toString().trim());
        if (total < 16L * 1024 * 1024) {
            throw new IllegalArgumentException(MEMORY_BYTES + " is " + total + " bytes; give RocksDB at least 16 MiB");
        }
        configuredBytes = total;
        cache = new LRUCache(total, -1, false, HIGH_PRIORITY_SHARE);
        writeBufferManager = new WriteBufferManager((long) (total * MEMTABLE_SHARE), cache);
    }

    /** The memory all stores of this JVM share, once a store has been opened (0 before). */
    public static synchronized long configuredBytes() {
        return configuredBytes;
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        init(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write-buffer manager are shared by every store of the JVM: they live as long as it does
    }
}
