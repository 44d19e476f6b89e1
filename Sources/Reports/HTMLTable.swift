import Foundation

/// A table of the HTML page: a caption, column headers and rows whose first cell is the row's
/// header. Rendered as a semantic `<table>` (`<caption>`, `<thead>`, `<th scope="col">`,
/// `<th scope="row">`); every text is escaped.
public struct HTMLTable: Sendable, Equatable {
    /// One data cell.
    public struct Cell: Sendable, Equatable {
        /// The text shown.
        public var text: String
        /// Emphasised (e.g. the best value of its column).
        public var strong: Bool
        /// Right-aligned with tabular figures.
        public var numeric: Bool

        /// A cell.
        public init(_ text: String, strong: Bool = false, numeric: Bool = false) {
            self.text = text
            self.strong = strong
            self.numeric = numeric
        }
    }

    /// One row: its header (first column) and data cells.
    public struct Row: Sendable, Equatable {
        /// The row header.
        public var header: String
        /// The other cells, one per column after the first.
        public var cells: [Cell]

        /// A row.
        public init(_ header: String, cells: [Cell]) {
            self.header = header
            self.cells = cells
        }
    }

    /// The caption (what the table shows, provenance, seeds).
    public var caption: String
    /// Column headers, the row-header column first.
    public var columns: [String]
    /// Rows.
    public var rows: [Row]
    /// The CSS class of the `<table>` (e.g. "summary", "dataset").
    public var kind: String

    /// A table.
    public init(caption: String, columns: [String], rows: [Row], kind: String) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.kind = kind
    }

    /// The `<table>` element.
    public var html: String {
        var out = "<div class=\"table-wrap\"><table class=\"\(HTML.escape(kind))\">\n"
        out += "<caption>\(HTML.escape(caption))</caption>\n<thead><tr>"
        for c in columns { out += "<th scope=\"col\">\(HTML.escape(c))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for r in rows {
            out += "<tr><th scope=\"row\">\(HTML.escape(r.header))</th>"
            for c in r.cells {
                let text = HTML.escape(c.text)
                out += (c.numeric ? "<td class=\"num\">" : "<td>") + (c.strong ? "<strong>\(text)</strong>" : text) + "</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table></div>\n"
    }
}

/// HTML escaping.
public enum HTML {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities (safe in text and attributes).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// `text` escaped, with Markdown code spans (`` `like this` ``) as `<code>`; an unpaired
    /// backtick stays as it is.
    public static func inline(_ text: String) -> String {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false).map(String.init)
        let spans = (parts.count - 1) / 2
        var out = ""
        for (i, part) in parts.enumerated() {
            if i % 2 == 1 && i < 2 * spans {
                out += "<code>\(escape(part))</code>"
            } else {
                out += (i > 2 * spans ? "`" : "") + escape(part)
            }
        }
        return out
    }
}
