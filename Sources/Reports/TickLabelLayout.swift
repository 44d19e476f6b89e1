import Foundation

/// Which centred axis labels to draw so that no two overlap: labels are kept from left to right
/// when they start at least ``gap`` px after the last kept label ends; the last label (the end of
/// the range) is always kept, dropping kept labels before it that it would overlap. Widths are
/// an upper bound of Helvetica/Arial advance widths (``width(of:fontSize:)``), so real text is
/// never wider than estimated.
public enum TickLabelLayout {
    /// Minimum space between two labels, in px.
    public static let gap = 4.0

    /// An upper bound of the rendered width of `text` at `fontSize` px in Helvetica or Arial
    /// (digits and signs 0.6 em against 0.556 em, "." "," " " "i" "l" 0.3 em against ≤ 0.278 em,
    /// brackets 0.36 em against 0.333 em, every other character 1 em, wider than any Latin glyph).
    public static func width(of text: String, fontSize: Double) -> Double {
        var em = 0.0
        for ch in text {
            switch ch {
            case "0"..."9", "+", "−", "-": em += 0.6
            case ".", ",", " ", ":", ";", "'", "|", "i", "l": em += 0.3
            case "(", ")", "[", "]": em += 0.36
            default: em += 1.0
            }
        }
        return em * fontSize
    }

    /// For labels centred at the given x positions (in increasing order), whether each is drawn.
    public static func visible(_ labels: [(x: Double, text: String)], fontSize: Double) -> [Bool] {
        guard !labels.isEmpty else { return [] }
        let extents = labels.map { label -> (lo: Double, hi: Double) in
            let half = width(of: label.text, fontSize: fontSize) / 2
            return (label.x - half, label.x + half)
        }
        var shown = [Bool](repeating: false, count: labels.count)
        var lastEnd = -Double.infinity
        for (i, e) in extents.enumerated() where e.lo >= lastEnd + gap {
            shown[i] = true
            lastEnd = e.hi
        }
        // Keep the last label: drop the kept ones it would overlap.
        let last = extents.count - 1
        if !shown[last] {
            shown[last] = true
            for i in stride(from: last - 1, through: 0, by: -1) where shown[i] && extents[i].hi + gap > extents[last].lo {
                shown[i] = false
            }
        }
        return shown
    }
}
