package com.wolfscale.mysql.binlog;

import com.wolfscale.mysql.PayloadReader;

/**
 * ROTATE (type 4): the next events come from another binlog file. The dump thread sends an artificial one
 * first ({@link EventHeader#FLAG_ARTIFICIAL}, log pos 0) naming the file it starts in.
 *
 * <pre>
 * size | field
 * -----+-------------------------------------------------------------
 * 8    | position of the first event in the next file (usually 4)
 * rest | next file name, without NUL
 * </pre>
 *
 * @param position where reading continues in {@code nextFile}
 * @param nextFile binlog file base name, e.g. {@code binlog.000002}
 */
public record RotateEvent(long position, String nextFile) {

    public static RotateEvent decode(BinlogEvent event) {
        Events.requireType(event, EventType.ROTATE);
        PayloadReader r = event.body();
        return new RotateEvent(r.u64(), r.restString());
    }
}
