welcome = Welcome to the shop! Your wallet balance is { $balance }.
help = Commands:
    /start – your wallet balance
    /help – this list
