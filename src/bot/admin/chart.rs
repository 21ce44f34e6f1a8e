//! A small bar chart drawn into an RGB buffer and encoded as PNG without any image crate:
//! uncompressed (stored) deflate blocks in a zlib stream, CRC-32 per chunk, Adler-32 at the end.
//! A 480x240 chart is ~350 KB uncompressed, far below Telegram's 10 MB photo limit.

pub const WIDTH: u32 = 480;
pub const HEIGHT: u32 = 240;

const BACKGROUND: [u8; 3] = [255, 255, 255];
const AXIS: [u8; 3] = [60, 60, 60];
const BAR: [u8; 3] = [46, 134, 222];
const EMPTY: [u8; 3] = [220, 220, 220];

struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Canvas {
    fn new(width: u32, height: u32) -> Canvas {
        Canvas {
            width,
            height,
            pixels: BACKGROUND.repeat((width * height) as usize),
        }
    }

    /// Fills the rectangle [x0, x1) x [y0, y1), clipped to the canvas.
    fn fill(&mut self, x0: u32, y0: u32, x1: u32, y1: u32, color: [u8; 3]) {
        for y in y0.min(self.height)..y1.min(self.height) {
            for x in x0.min(self.width)..x1.min(self.width) {
                let at = ((y * self.width + x) * 3) as usize;
                self.pixels[at..at + 3].copy_from_slice(&color);
            }
        }
    }
}

/// Bars of `values` (one per day, oldest first), scaled to the largest; a day without orders
/// gets a thin grey mark so that it is visibly a day.
pub fn bar_chart(values: &[u64]) -> Vec<u8> {
    let mut canvas = Canvas::new(WIDTH, HEIGHT);
    let (left, right, top, bottom) = (20, WIDTH - 10, 10, HEIGHT - 20);
    canvas.fill(left - 2, top, left, bottom + 2, AXIS);
    canvas.fill(left - 2, bottom, right, bottom + 2, AXIS);
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    let count = values.len().max(1) as u32;
    let slot = ((right - left) / count).max(1);
    let gap = (slot / 5).min(6);
    for (i, value) in values.iter().enumerate() {
        let x0 = left + 2 + i as u32 * slot + gap / 2;
        let x1 = (x0 + slot.saturating_sub(gap)).max(x0 + 1);
        let height = ((bottom - top) as u64 * value / max) as u32;
        if *value == 0 {
            canvas.fill(x0, bottom - 2, x1, bottom, EMPTY);
        } else {
            canvas.fill(x0, bottom - height.max(1), x1, bottom, BAR);
        }
    }
    encode_png(canvas.width, canvas.height, &canvas.pixels)
}

/// CRC-32 (IEEE, reflected, as PNG uses it).
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

pub fn adler32(bytes: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in bytes.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// An 8-bit RGB PNG of `rgb` (row-major, 3 bytes per pixel).
pub fn encode_png(width: u32, height: u32, rgb: &[u8]) -> Vec<u8> {
    assert_eq!(
        rgb.len(),
        (width * height * 3) as usize,
        "pixel buffer size"
    );
    // Scanlines, each after a filter byte 0 (none).
    let row = (width * 3) as usize;
    let mut raw = Vec::with_capacity((row + 1) * height as usize);
    for line in rgb.chunks(row) {
        raw.push(0);
        raw.extend_from_slice(line);
    }
    // zlib: CMF/FLG (deflate, 32K window, check bits), stored blocks, Adler-32.
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    zlib.extend_from_slice(&adler32(&raw).to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match_known_values() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        assert_eq!(adler32(b""), 1);
    }

    /// Walks the PNG's chunks, checking every CRC, and inflates the stored blocks back.
    fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let mut at = 8;
        let (mut width, mut height, mut idat, mut ended) = (0, 0, Vec::new(), false);
        while at < png.len() {
            let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
            let kind = &png[at + 4..at + 8];
            let data = &png[at + 8..at + 8 + len];
            let crc = u32::from_be_bytes(png[at + 8 + len..at + 12 + len].try_into().unwrap());
            assert_eq!(crc, crc32(&png[at + 4..at + 8 + len]), "CRC of {kind:?}");
            match kind {
                b"IHDR" => {
                    width = u32::from_be_bytes(data[0..4].try_into().unwrap());
                    height = u32::from_be_bytes(data[4..8].try_into().unwrap());
                    assert_eq!(&data[8..], &[8, 2, 0, 0, 0]);
                }
                b"IDAT" => idat.extend_from_slice(data),
                b"IEND" => ended = true,
                other => panic!("unexpected chunk {other:?}"),
            }
            at += 12 + len;
        }
        assert!(ended);
        assert_eq!((u16::from(idat[0]) << 8 | u16::from(idat[1])) % 31, 0);
        let mut raw = Vec::new();
        let mut pos = 2;
        loop {
            let last = idat[pos] & 1 == 1;
            assert_eq!(idat[pos] >> 1, 0, "stored block");
            let len = u16::from_le_bytes([idat[pos + 1], idat[pos + 2]]);
            let nlen = u16::from_le_bytes([idat[pos + 3], idat[pos + 4]]);
            assert_eq!(len, !nlen);
            raw.extend_from_slice(&idat[pos + 5..pos + 5 + len as usize]);
            pos += 5 + len as usize;
            if last {
                break;
            }
        }
        let adler = u32::from_be_bytes(idat[pos..pos + 4].try_into().unwrap());
        assert_eq!(adler, adler32(&raw));
        assert_eq!(pos + 4, idat.len());
        (width, height, raw)
    }

    #[test]
    fn a_chart_decodes_to_its_pixels() {
        let png = bar_chart(&[3, 0, 7, 1]);
        let (width, height, raw) = decode(&png);
        assert_eq!((width, height), (WIDTH, HEIGHT));
        assert_eq!(raw.len(), ((WIDTH * 3 + 1) * HEIGHT) as usize);
        let row = (WIDTH * 3 + 1) as usize;
        assert!(raw.chunks(row).all(|line| line[0] == 0), "filter bytes");
        let pixel = |x: u32, y: u32| {
            let at = y as usize * row + 1 + x as usize * 3;
            [raw[at], raw[at + 1], raw[at + 2]]
        };
        // The tallest bar (7, third slot) reaches the top margin; the first (3) does not.
        let slot = (WIDTH - 10 - 20) / 4;
        let third = 20 + 2 + 2 * slot + slot / 2;
        let first = 20 + 2 + slot / 2;
        assert_eq!(pixel(third, 12), BAR);
        assert_eq!(pixel(first, 12), BACKGROUND);
        assert_eq!(pixel(first, HEIGHT - 22), BAR);
        assert_eq!(pixel(0, 0), BACKGROUND);
    }

    #[test]
    fn large_images_span_several_stored_blocks() {
        let (w, h) = (200, 200);
        let rgb: Vec<u8> = (0..w * h * 3).map(|i| (i % 251) as u8).collect();
        let (width, height, raw) = decode(&encode_png(w, h, &rgb));
        assert_eq!((width, height), (w, h));
        let pixels: Vec<u8> = raw
            .chunks((w * 3 + 1) as usize)
            .flat_map(|line| line[1..].to_vec())
            .collect();
        assert_eq!(pixels, rgb);
    }
}
