welcome = Selamat datang di toko! Saldo dompet Anda { $balance }.
help = Perintah:
    /start – saldo dompet Anda
    /help – daftar ini
