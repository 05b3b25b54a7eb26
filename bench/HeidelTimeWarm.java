// A warm HeidelTime harness for bench/bench_timex.py: one JVM, HeidelTimeStandalone.process(doc, dct) per document.
// Input (file argument): blocks "DOC <yyyy-mm-dd> <nchars>\n" followed by exactly nchars characters.
// Output (stdout): per document "DOC <nanoseconds>\n", the TimeML, then a line "<<<END>>>".
import de.unihd.dbs.heideltime.standalone.*;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.text.SimpleDateFormat;
import java.util.*;

public class HeidelTimeWarm {
    public static void main(String[] args) throws Exception {
        String input = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.UTF_8);
        String config = args[1];
        POSTagger pos = args.length > 2 && args[2].equals("treetagger") ? POSTagger.TREETAGGER : POSTagger.NO;
        Language lang = args.length > 3 ? Language.getLanguageFromString(args[3]) : Language.DUTCH;
        HeidelTimeStandalone ht = new HeidelTimeStandalone(lang, DocumentType.NEWS, OutputType.TIMEML, config, pos);
        SimpleDateFormat fmt = new SimpleDateFormat("yyyy-MM-dd");
        java.io.PrintStream out = new java.io.PrintStream(System.out, true, "UTF-8");
        int i = 0;
        while (i < input.length()) {
            int nl = input.indexOf('\n', i);
            String[] head = input.substring(i, nl).split(" ");
            int n = Integer.parseInt(head[2]);
            String doc = input.substring(nl + 1, nl + 1 + n);
            i = nl + 1 + n;
            long t0 = System.nanoTime();
            String res = ht.process(doc, fmt.parse(head[1]));
            long t1 = System.nanoTime();
            out.print("DOC " + (t1 - t0) + "\n" + res + "\n<<<END>>>\n");
        }
    }
}
