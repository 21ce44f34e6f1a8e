//! The deposit's QR code as a PNG, rendered by the bot itself from the QRIS string (never the
//! provider's hosted image): `qrcode` computes the module matrix, `png` writes it as an 8-bit
//! grayscale image with the standard quiet zone of four modules.

use qrcode::{Color, EcLevel, QrCode};

/// Pixels per module: a QRIS payload (version 8 to 12) comes out at about 500 pixels square,
/// which a phone camera reads off another screen and Telegram shows without rescaling much.
const SCALE: usize = 8;
/// Light modules around the code, as the QR standard asks.
const QUIET: usize = 4;

/// The PNG of `data` as a QR code (error correction level M, what QRIS codes use).
pub fn png(data: &str) -> anyhow::Result<Vec<u8>> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET) * SCALE;
    let mut pixels = vec![255u8; side * side];
    for (index, color) in colors.iter().enumerate() {
        if *color != Color::Dark {
            continue;
        }
        let (x, y) = (index % modules + QUIET, index / modules + QUIET);
        for row in y * SCALE..(y + 1) * SCALE {
            pixels[row * side + x * SCALE..row * side + (x + 1) * SCALE].fill(0);
        }
    }
    let mut out = Vec::new();
    let size = u32::try_from(side)?;
    let mut encoder = png::Encoder::new(&mut out, size, size);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const QRIS: &str = "00020101021226590014ID.CO.QRIS.WWW0215ID10200000000010303UMI51440014ID.CO.QRIS.WWW0215ID20200000000010303UMI5204481253033605406507005802ID5912TOPUP SHOP6007JAKARTA61051234062070703A016304ABCD";

    #[test]
    fn renders_a_square_png_with_a_quiet_zone() {
        let bytes = png(QRIS).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let decoder = ::png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.width, info.height);
        assert_eq!(info.width as usize % SCALE, 0);
        let side = info.width as usize;
        // The quiet zone is light; the finder pattern's corner just inside it is dark.
        assert!(buf[..QUIET * SCALE * side].iter().all(|p| *p == 255));
        let corner = (QUIET * SCALE) * side + QUIET * SCALE;
        assert_eq!(buf[corner], 0);
    }

    #[test]
    fn a_payload_too_long_for_any_qr_code_is_an_error() {
        assert!(png(&"9".repeat(8000)).is_err());
    }
}
